import { ControlServer, type ControlTarget } from './control/control-server';
import { SILENT_LOGGER, type SimLogger } from './logger';
import { VIDEO } from './onvif/media-service';
import { RtspSupervisor } from './rtsp/rtsp-supervisor';
import { SimulatedCamera, type CameraInfo } from './simulated-camera';
import type { Credentials } from './soap/ws-security';

export interface SimulatorOptions {
  cameras: number;
  /** Camera N listens on basePort + N - 1; 0 means "any free port" for each camera (reported by start()). */
  basePort: number;
  /** Address the ONVIF and RTSP listeners bind to. */
  host: string;
  /** Host put into XAddrs and stream URIs; default: the address the client reached. */
  advertiseHost?: string;
  /** 0: any free port; null: no control endpoint (in-process use). */
  controlPort: number | null;
  controlHost: string;
  username: string;
  password: string;
  /** Per-camera credentials, by camera number. */
  credentials: Record<number, Partial<Credentials>>;
  /** false: no RTSP server (event-only cameras, for ingest benchmarks). */
  video: boolean;
  /**
   * With video: only cameras 1..videoCameras have an RTSP mount; the others are event-only (ONVIF
   * and PullPoint events, no stream: DESCRIBE of their mount answers 404). Default: every camera.
   * How a demo ward runs hundreds of cameras of which a handful stream.
   */
  videoCameras?: number;
  /** 0: any free port. */
  rtspPort: number;
  sharedStream: boolean;
  /** Scheduled motion: every this many ms, for motionLengthMs. */
  motionEveryMs?: number;
  motionLengthMs: number;
  motionAlarmTopic: boolean;
  maxSubscriptions: number;
  maxQueuedMessages: number;
  /** WS-Security Created must be within this of the camera clock; 0 disables the check. */
  createdToleranceSeconds: number;
  python: string;
  logger: SimLogger;
}

export const DEFAULT_OPTIONS: Readonly<SimulatorOptions> = Object.freeze({
  cameras: 1,
  basePort: 18080,
  host: '127.0.0.1',
  controlPort: 18000,
  controlHost: '127.0.0.1',
  username: 'admin',
  password: 'wardwatch-sim',
  credentials: {},
  video: true,
  rtspPort: 8554,
  sharedStream: false,
  motionLengthMs: 3000,
  motionAlarmTopic: false,
  maxSubscriptions: 10,
  maxQueuedMessages: 1000,
  createdToleranceSeconds: 300,
  python: '/usr/bin/python3',
  logger: SILENT_LOGGER,
});

export interface SimulatorInfo {
  cameras: CameraInfo[];
  /** e.g. http://127.0.0.1:18000, or null without a control endpoint. */
  controlUrl: string | null;
  /** The RTSP server's port, or null with video off. */
  rtspPort: number | null;
  rtspPid: number | null;
}

/**
 * Many simulated ONVIF cameras in one process, each on its own port, with RTSP video from one
 * supervised GStreamer server and an HTTP control endpoint. Tests and the demo use it in-process;
 * `main.ts` is a thin command-line wrapper around it.
 */
export class CameraSimulator implements ControlTarget {
  private cameras: SimulatedCamera[] = [];
  private rtsp?: RtspSupervisor;
  private control?: ControlServer;
  private infoCache?: SimulatorInfo;

  async start(options: Partial<SimulatorOptions> = {}): Promise<SimulatorInfo> {
    if (this.infoCache) throw new Error('the simulator is already started');
    const o: SimulatorOptions = { ...DEFAULT_OPTIONS, ...options };
    if (!Number.isInteger(o.cameras) || o.cameras < 1) throw new Error('cameras must be a positive integer');
    const videoCameras = o.video ? (o.videoCameras ?? o.cameras) : 0;
    if (!Number.isInteger(videoCameras) || videoCameras < 0 || videoCameras > o.cameras)
      throw new Error(`videoCameras must be an integer from 0 to cameras (${o.cameras})`);
    try {
      let rtspPort = o.rtspPort || 8554;
      if (videoCameras > 0) {
        this.rtsp = new RtspSupervisor({
          python: o.python,
          host: o.host,
          port: o.rtspPort,
          cameras: videoCameras,
          shared: o.sharedStream,
          width: VIDEO.width,
          height: VIDEO.height,
          fps: VIDEO.fps,
          logger: o.logger,
        });
        rtspPort = await this.rtsp.start();
      }
      for (let n = 1; n <= o.cameras; n++) {
        const own = o.credentials[n] ?? {};
        const camera = new SimulatedCamera({
          number: n,
          credentials: { username: own.username ?? o.username, password: own.password ?? o.password },
          bindHost: o.host,
          advertiseHost: o.advertiseHost,
          rtspPort,
          motionAlarmTopic: o.motionAlarmTopic,
          maxSubscriptions: o.maxSubscriptions,
          maxQueuedMessages: o.maxQueuedMessages,
          createdToleranceMs: o.createdToleranceSeconds * 1000,
          video: n <= videoCameras,
          streamControl: n <= videoCameras ? this.rtsp : undefined,
          logger: o.logger,
        });
        this.cameras.push(camera);
        const port = o.basePort === 0 ? 0 : o.basePort + n - 1;
        try {
          await camera.start(port);
        } catch (error) {
          throw new Error(`camera ${n} could not listen on ${o.host}:${port}: ${(error as Error).message}`);
        }
      }
      if (o.motionEveryMs) {
        // Spread the cameras over the period so that 200 cameras do not all fire in the same tick.
        for (const camera of this.cameras) {
          camera.schedule(o.motionEveryMs, o.motionLengthMs, Math.floor(((camera.number - 1) * o.motionEveryMs) / o.cameras));
        }
      }
      let controlUrl: string | null = null;
      if (o.controlPort !== null) {
        this.control = new ControlServer(this);
        const port = await this.control.listen(o.controlPort, o.controlHost);
        controlUrl = `http://${o.controlHost === '0.0.0.0' ? '127.0.0.1' : o.controlHost}:${port}`;
      }
      this.infoCache = {
        cameras: this.cameras.map((c) => c.info()),
        controlUrl,
        rtspPort: videoCameras > 0 ? rtspPort : null,
        rtspPid: this.rtsp?.pid ?? null,
      };
      return this.infoCache;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const cameras = this.cameras;
    this.cameras = [];
    this.infoCache = undefined;
    await this.control?.close();
    this.control = undefined;
    await Promise.all(cameras.map((c) => c.stop()));
    await this.rtsp?.stop();
    this.rtsp = undefined;
  }

  /** Camera n (numbered from 1); throws if there is none. */
  camera(n: number): SimulatedCamera {
    const camera = this.cameraOrUndefined(n);
    if (!camera) throw new Error(`no camera ${n}`);
    return camera;
  }

  cameraOrUndefined(n: number): SimulatedCamera | undefined {
    return Number.isInteger(n) && n >= 1 ? this.cameras[n - 1] : undefined;
  }

  cameraList(): SimulatedCamera[] {
    return this.cameras;
  }

  get info(): SimulatorInfo | undefined {
    return this.infoCache;
  }
}
