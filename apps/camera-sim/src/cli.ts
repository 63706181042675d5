import { parseCliDuration } from './durations';
import { DEFAULT_OPTIONS, type SimulatorOptions } from './camera-simulator';

/** A command line the simulator cannot run with; the message names the flag and what it wants. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export interface CliOptions {
  simulator: Partial<SimulatorOptions>;
  json: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run sim -- [options]

  --cameras N              number of cameras (default 1)
  --base-port P            camera N listens on P+N-1 (default 18080; 0 = any free ports)
  --host H                 bind address for ONVIF and RTSP (default 127.0.0.1)
  --advertise-host H       host put in XAddrs and stream URIs (default: the address the client used)
  --control-port P         control endpoint port (default 18000; 0 = any free port; off = none)
  --control-host H         control endpoint bind address (default 127.0.0.1; it has no auth)
  --username U             ONVIF user for every camera (default admin)
  --password P             ONVIF password for every camera (default wardwatch-sim)
  --camera-password N=P    password of camera N only (repeatable)
  --no-video               no RTSP server (event-only cameras)
  --video-cameras N        only cameras 1..N stream video; the rest are event-only (default: all)
  --rtsp-port P            RTSP server port (default 8554; 0 = any free port)
  --shared-stream          every camera serves the same stream (one encoder for all)
  --motion-every D         scheduled motion every D (e.g. 10s, 500ms, 2m)
  --motion-length D        length of scheduled motion (default 3s)
  --motion-alarm           also send tns1:VideoSource/MotionAlarm
  --max-subscriptions N    PullPoint slots per camera (default 10)
  --created-tolerance D    WS-Security Created vs camera clock (default 300s; 0 = unchecked)
  --python PATH            python with gi + GstRtspServer (default /usr/bin/python3)
  --json                   print the cameras as one JSON line instead of a table
  --help                   this text`;

/** Parses the command line into simulator options. Pure; unit-tested. */
export function parseCliArgs(argv: string[]): CliOptions {
  const simulator: Partial<SimulatorOptions> = {};
  const credentials: Record<number, { password: string }> = {};
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CliUsageError(`${flag} needs a value`);
      return v;
    };
    const int = (min: number, max: number): number => {
      const text = value();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < min || n > max)
        throw new CliUsageError(`${flag} must be an integer from ${min} to ${max}, not "${text}"`);
      return n;
    };
    const duration = (allowZero: boolean): number => {
      const text = value();
      const ms = parseCliDuration(text);
      if (ms === undefined || (!allowZero && ms <= 0))
        throw new CliUsageError(`${flag} must be a duration such as 10s, 500ms or 2m, not "${text}"`);
      return ms;
    };
    switch (flag) {
      case '--cameras':
        simulator.cameras = int(1, 10_000);
        break;
      case '--base-port':
        simulator.basePort = int(0, 65_535);
        break;
      case '--host':
        simulator.host = value();
        break;
      case '--advertise-host':
        simulator.advertiseHost = value();
        break;
      case '--control-port': {
        if (argv[i + 1] === 'off') {
          i++;
          simulator.controlPort = null;
        } else simulator.controlPort = int(0, 65_535);
        break;
      }
      case '--control-host':
        simulator.controlHost = value();
        break;
      case '--username':
        simulator.username = value();
        break;
      case '--password':
        simulator.password = value();
        break;
      case '--camera-password': {
        const text = value();
        const m = /^(\d+)=(.*)$/.exec(text);
        if (!m) throw new CliUsageError(`--camera-password must be N=password, not "${text}"`);
        credentials[Number(m[1])] = { password: m[2] };
        break;
      }
      case '--no-video':
        simulator.video = false;
        break;
      case '--video-cameras':
        simulator.videoCameras = int(0, 10_000);
        break;
      case '--rtsp-port':
        simulator.rtspPort = int(0, 65_535);
        break;
      case '--shared-stream':
        simulator.sharedStream = true;
        break;
      case '--motion-every':
        simulator.motionEveryMs = duration(false);
        break;
      case '--motion-length':
        simulator.motionLengthMs = duration(false);
        break;
      case '--motion-alarm':
        simulator.motionAlarmTopic = true;
        break;
      case '--max-subscriptions':
        simulator.maxSubscriptions = int(1, 10_000);
        break;
      case '--created-tolerance':
        simulator.createdToleranceSeconds = duration(true) / 1000;
        break;
      case '--python':
        simulator.python = value();
        break;
      case '--json':
        json = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new CliUsageError(`unknown option "${flag}"`);
    }
  }
  if (Object.keys(credentials).length > 0) simulator.credentials = credentials;
  const cameras = simulator.cameras ?? DEFAULT_OPTIONS.cameras;
  for (const n of Object.keys(credentials).map(Number)) {
    if (n < 1 || n > cameras) throw new CliUsageError(`--camera-password names camera ${n}, but cameras are 1 to ${cameras}`);
  }
  if (simulator.videoCameras !== undefined && simulator.videoCameras > cameras)
    throw new CliUsageError(`--video-cameras ${simulator.videoCameras} is more than the ${cameras} cameras`);
  const basePort = simulator.basePort ?? DEFAULT_OPTIONS.basePort;
  if (basePort !== 0 && basePort + cameras - 1 > 65_535)
    throw new CliUsageError(`--base-port ${basePort} leaves no room for ${cameras} cameras`);
  const every = simulator.motionEveryMs;
  if (every !== undefined && (simulator.motionLengthMs ?? DEFAULT_OPTIONS.motionLengthMs) >= every) {
    throw new CliUsageError('--motion-length must be shorter than --motion-every');
  }
  return { simulator, json, help };
}
