import { Cam } from 'onvif';
import { GuardedAgent, type DestinationCheck } from './guarded-agent';
import { probedStreamUri } from './probed-stream-uri';

export interface ProbeTarget {
  /** An IP address already checked against the camera networks (never a name: no second DNS answer). */
  address: string;
  port: number;
  path: string;
  username: string;
  password: string;
}

export interface ProbeResult {
  device: { manufacturer: string; model: string; firmwareVersion: string; serialNumber: string; hardwareId: string };
  profile: { token: string; name: string; encoding: string; width: number; height: number };
  /** As the camera gave it, host and port rewritten to the enrolled ones, without credentials. */
  streamUri: string;
  pullPointSupported: boolean;
  /** camera clock minus server clock. */
  clockOffsetMs: number;
  /** Path of the event service the camera advertises (its host and port are the enrolled ones). */
  eventServicePath: string;
}

export const PROBE_FAILURES = [
  'unreachable',
  'timeout',
  'auth_refused',
  'malformed_reply',
  'no_pullpoint',
  'no_h264',
  'forbidden_address',
  'clock_unset',
] as const;

/**
 * A camera clock further off than this is unset (many report 1970 or 2000 until NTP runs): its
 * event times would be meaningless, and offsets are stored as 32-bit milliseconds.
 */
export const MAX_CLOCK_OFFSET_MS = 20 * 24 * 3600 * 1000;
export type ProbeFailure = (typeof PROBE_FAILURES)[number];

/** Why enrolment could not talk to the camera, in words a resident or installer can act on. */
export class ProbeError extends Error {
  override name = 'ProbeError';
  constructor(
    readonly failure: ProbeFailure,
    message: string,
  ) {
    super(message);
  }
}

const MAX_REPLY_BYTES = 512 * 1024;

interface CamProfile {
  $: { token: string };
  name: string;
  videoEncoderConfiguration?: { encoding?: string; resolution?: { width: number; height: number } };
}

function classify(error: unknown, stage: string): ProbeError {
  const e = error as NodeJS.ErrnoException & { code?: string };
  const text = `${e?.message ?? String(error)}`;
  if (e?.code === 'EDESTINATIONREFUSED') return new ProbeError('forbidden_address', `${stage}: ${text}`);
  if (e?.code === 'EREPLYTOOLARGE') return new ProbeError('malformed_reply', `${stage}: ${text}`);
  if (e?.code === 'ECONNREFUSED' || e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH' || e?.code === 'ECONNRESET') {
    return new ProbeError(
      'unreachable',
      `${stage}: the camera did not accept a connection (${e.code}); check that it is on and the address and port are right`,
    );
  }
  if (/timeout/i.test(text)) return new ProbeError('timeout', `${stage}: the camera did not answer in time`);
  if (/NotAuthorized|Sender not Authorized|not authorized|401/i.test(text)) {
    return new ProbeError('auth_refused', `${stage}: the camera refused the username or password`);
  }
  return new ProbeError('malformed_reply', `${stage}: the camera's reply could not be understood (${text.slice(0, 200)})`);
}

/**
 * Reads what enrolment needs from a camera over ONVIF, with the `onvif` client (used for the probe
 * only; event subscriptions use our own PullPoint client). Service addresses the camera hands back
 * are replaced by the enrolled address (preserveAddress), and every socket goes through the
 * GuardedAgent, which re-checks the destination and caps the reply size.
 */
export class OnvifProbe {
  constructor(private readonly timeoutMs: number) {}

  /** `checkDestination` is applied to every socket the client opens (the camera network policy). */
  async probe(target: ProbeTarget, checkDestination: DestinationCheck, now: () => number = Date.now): Promise<ProbeResult> {
    const cam = new Cam({
      hostname: target.address,
      port: target.port,
      path: target.path,
      username: target.username,
      password: target.password,
      timeout: this.timeoutMs,
      autoconnect: false,
      preserveAddress: true,
      agent: new GuardedAgent(checkDestination, MAX_REPLY_BYTES),
    });
    // The client is callback-based; each step is wrapped so a failure names the step that failed.
    const call = <T>(stage: string, start: (done: (err: Error | null, result: T) => void) => void): Promise<T> =>
      new Promise<T>((resolve, reject) => start((err, result) => (err ? reject(err) : resolve(result)))).catch((error: unknown) => {
        throw error instanceof ProbeError ? error : classify(error, stage);
      });

    const before = now();
    const cameraTime = await call<Date>('reading the camera clock', (done) => cam.getSystemDateAndTime(done));
    const clockOffsetMs = Math.round(new Date(cameraTime).getTime() - (before + now()) / 2);
    if (!Number.isFinite(clockOffsetMs))
      throw new ProbeError('malformed_reply', 'reading the camera clock: the camera reported no readable time');
    if (Math.abs(clockOffsetMs) > MAX_CLOCK_OFFSET_MS) {
      const days = Math.round(Math.abs(clockOffsetMs) / 86_400_000);
      throw new ProbeError(
        'clock_unset',
        `the camera's clock is ${days} days off; set its time (enable NTP in its settings) and enrol again`,
      );
    }

    await call<void>('connecting', (done) => cam.connect(done));
    const info = await call<Record<string, string>>('reading device information', (done) => cam.getDeviceInformation(done));
    const profiles = (await call<unknown[]>('reading media profiles', (done) => cam.getProfiles(done))) as CamProfile[];
    const h264 = profiles.find((p) => p.videoEncoderConfiguration?.encoding?.toUpperCase() === 'H264');
    if (!h264) {
      throw new ProbeError(
        'no_h264',
        `the camera offers no H.264 profile (found: ${profiles.map((p) => p.videoEncoderConfiguration?.encoding ?? '?').join(', ') || 'none'})`,
      );
    }
    const stream = await call<{ uri: string }>('reading the stream address', (done) =>
      cam.getStreamUri({ protocol: 'RTSP', profileToken: h264.$.token }, done),
    );
    const capabilities = (await call<Record<string, unknown>>('reading event capabilities', (done) =>
      cam.getEventServiceCapabilities(done),
    )) as {
      WSPullPointSupport?: boolean | string;
    };
    const pullPoint = capabilities?.WSPullPointSupport === true || capabilities?.WSPullPointSupport === 'true';
    if (!pullPoint) throw new ProbeError('no_pullpoint', 'the camera does not support ONVIF PullPoint event subscriptions');

    return {
      device: {
        manufacturer: String(info.manufacturer ?? ''),
        model: String(info.model ?? ''),
        firmwareVersion: String(info.firmwareVersion ?? ''),
        serialNumber: String(info.serialNumber ?? ''),
        hardwareId: String(info.hardwareId ?? ''),
      },
      profile: {
        token: h264.$.token,
        name: String(h264.name ?? ''),
        encoding: 'H264',
        width: Number(h264.videoEncoderConfiguration?.resolution?.width ?? 0),
        height: Number(h264.videoEncoderConfiguration?.resolution?.height ?? 0),
      },
      streamUri: probedStreamUri(stream.uri, target.address, (message) => new ProbeError('malformed_reply', message)),
      pullPointSupported: true,
      clockOffsetMs,
      // Many cameras do not use the conventional path (e.g. /onvif/Events); the client learned theirs.
      eventServicePath: cam.uri?.events?.path ?? '/onvif/event_service',
    };
  }
}

/**
 * Cameras behind NAT or overlay networks often report their LAN address in GetStreamUri. Keep the
 * path and port, replace the host with the enrolled one, and drop any credentials in the URI
 * (they are added at capture time from the sealed credentials, never stored in the URI).
 */
export function rewriteStreamUri(uri: string, enrolledHost: string): string {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw new ProbeError('malformed_reply', `the camera gave a stream address that is not a URI: ${uri.slice(0, 120)}`);
  }
  if (parsed.protocol !== 'rtsp:')
    throw new ProbeError('malformed_reply', `the camera's stream address is not rtsp:// (${parsed.protocol})`);
  parsed.username = '';
  parsed.password = '';
  parsed.hostname = enrolledHost.includes(':') ? `[${enrolledHost}]` : enrolledHost;
  return parsed.toString();
}
