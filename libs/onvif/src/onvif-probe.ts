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
  'busy',
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

/**
 * Largest reply the probe reads. Real probe replies are a few KiB (GetProfiles of a camera with many
 * profiles stays well under 64 KiB); the cap also bounds the onvif client's regular expression,
 * which is quadratic in the reply (it runs in the probe thread, never on the API's event loop).
 */
export const MAX_PROBE_REPLY_BYTES = 64 * 1024;

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
 * only; event subscriptions use our own PullPoint client), in the calling thread. The API never
 * calls this directly: `OnvifProbe` runs it in a probe thread (probe-thread.ts) with a hard
 * deadline, because the client's reply handling is CPU-bound on what the camera sends. Service
 * addresses the camera hands back are replaced by the enrolled address (preserveAddress), and every
 * socket goes through the GuardedAgent, which re-checks the destination and caps the reply size.
 * `timeoutMs` bounds silence on each request; the deadline on the whole probe is the caller's.
 */
export async function probeCamera(
  target: ProbeTarget,
  checkDestination: DestinationCheck,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<ProbeResult> {
  const cam = new Cam({
    hostname: target.address,
    port: target.port,
    path: target.path,
    username: target.username,
    password: target.password,
    timeout: timeoutMs,
    autoconnect: false,
    preserveAddress: true,
    agent: new GuardedAgent(checkDestination, MAX_PROBE_REPLY_BYTES),
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
    eventServicePath: eventServicePath(cam.uri?.events),
  };
}

/**
 * The path (and query) of the event service the camera advertised. The client parsed the XAddr
 * with the legacy url.parse, which gives a "path" such as `@10.88.5.5/x` for `http:@10.88.5.5/x`;
 * glued after the enrolled host and port that would name another host, so anything that is not
 * an absolute path on the camera itself is refused.
 */
export function eventServicePath(events: { path?: string | null } | undefined): string {
  const path = events?.path ?? '/onvif/event_service';
  if (!isPathOnHost(path)) {
    throw new ProbeError(
      'malformed_reply',
      `the camera advertised an event service address that is not a path on the camera (${path.slice(0, 120)})`,
    );
  }
  return path;
}

/** An absolute path: starts with one "/" (not "//", which would name a host) and has no backslash or control character. */
export function isPathOnHost(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x5c) return false;
  }
  return true;
}
