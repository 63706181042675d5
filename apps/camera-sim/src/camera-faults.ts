/**
 * The ways a simulated camera can misbehave on demand. Every fault is per camera and stays until
 * changed; `DEFAULT_FAULTS` is a well-behaved camera.
 */
export interface CameraFaults {
  /** Close the camera's ONVIF listener: connections are refused (ECONNREFUSED), open ones are cut. */
  offline: boolean;
  /** Wait this long before handling each ONVIF request. */
  delayMs: number;
  /** Answer every ONVIF request with XML that is not well-formed (HTTP 200). */
  malformed: boolean;
  /** Answer with the first half of the real reply (HTTP 200, Content-Length of what is sent). */
  truncated: boolean;
  /** Answer with a "billion laughs" DOCTYPE and an entity reference in the Header (HTTP 200). */
  entityBomb: boolean;
  /** Subscriptions end this many seconds after each Create/Renew, whatever the reply said; null = honest. */
  expireAfterSeconds: number | null;
  /** The camera clock runs this many seconds ahead (negative: behind) of the host clock. */
  clockSkewSeconds: number;
  /** The camera's RTSP mount is removed and its viewers' sessions torn down. */
  streamDown: boolean;
  /**
   * Instant-answer storm: every PullMessages is answered at once with this many fresh messages
   * (motion flapping on and off), whatever its Timeout; null = honest.
   */
  instantAnswerStorm: number | null;
  /** Motion without stop: a motion start this often (ms), never a stop (setMotion(false) sends nothing); null = honest. */
  motionWithoutStopEveryMs: number | null;
  /**
   * Hostile reply body: every reply gets a trailing XML comment of `xmlns ` repeated, this many
   * bytes (0: off). Still well-formed; it makes a quadratic regular expression over the reply
   * (the onvif client's) take seconds.
   */
  hostileReplyBytes: number;
  /** Trickling replies: each reply is sent one byte every this many ms (0: off), never silent long enough for an idle timeout. */
  trickleMs: number;
  /**
   * The event service (and its subscriptions) requires HTTP Digest (RFC 7616, MD5 and SHA-256
   * challenges, qop=auth) instead of WS-Security; the device and media services are unchanged.
   */
  httpDigest: boolean;
  /**
   * The event service XAddr and the subscription addresses carry a query written with `&amp;`;
   * a request whose query still contains the entity text (not decoded) is answered 404.
   */
  entityAddresses: boolean;
  /**
   * The camera's RTSP port answers DESCRIBE (and every later request) with `302 Found` to this
   * address. Setting it moves the camera's stream to its own RTSP port (GetStreamUri says so).
   */
  rtspRedirect: string | null;
  /** GetStreamUri answers exactly this (an opaque `rtsp:host:port/x`, a URI with `@` tricks, …). */
  streamUri: string | null;
  /**
   * The snapshot (GetSnapshotUri's JPEG) misbehaves: `huge` streams 8 MiB without a Content-Length,
   * `not_jpeg` sends an HTML page labelled image/jpeg, `drip` sends the JPEG one byte every 200 ms,
   * `unsupported` answers GetSnapshotUri with ActionNotSupported (clients fall back to the stream);
   * null = honest.
   */
  snapshot: SnapshotFault | null;
  /** The snapshot URL answers `302 Found` to this address (null: off). */
  snapshotRedirect: string | null;
}

export const SNAPSHOT_FAULTS = ['huge', 'not_jpeg', 'drip', 'unsupported'] as const;
export type SnapshotFault = (typeof SNAPSHOT_FAULTS)[number];

export const DEFAULT_FAULTS: Readonly<CameraFaults> = Object.freeze({
  offline: false,
  delayMs: 0,
  malformed: false,
  truncated: false,
  entityBomb: false,
  expireAfterSeconds: null,
  clockSkewSeconds: 0,
  streamDown: false,
  instantAnswerStorm: null,
  motionWithoutStopEveryMs: null,
  hostileReplyBytes: 0,
  trickleMs: 0,
  httpDigest: false,
  entityAddresses: false,
  rtspRedirect: null,
  streamUri: null,
  snapshot: null,
  snapshotRedirect: null,
});

/** A change that names a field it does not know, or gives a value of the wrong kind. */
export class InvalidFaultsError extends Error {
  override name = 'InvalidFaultsError';
}

const BOOLEAN_FIELDS = ['offline', 'malformed', 'truncated', 'entityBomb', 'streamDown', 'httpDigest', 'entityAddresses'] as const;

/**
 * Checks a partial fault change from the control API (untrusted JSON) and returns it typed.
 * Unknown fields are refused rather than ignored, so a typo does not silently leave a camera healthy.
 */
export function validateFaultsPatch(input: unknown): Partial<CameraFaults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InvalidFaultsError('faults must be a JSON object');
  const patch: Partial<CameraFaults> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if ((BOOLEAN_FIELDS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new InvalidFaultsError(`${key} must be true or false`);
      patch[key as (typeof BOOLEAN_FIELDS)[number]] = value;
    } else if (key === 'delayMs') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 600_000) {
        throw new InvalidFaultsError('delayMs must be an integer from 0 to 600000');
      }
      patch.delayMs = value;
    } else if (key === 'expireAfterSeconds') {
      if (value !== null && (typeof value !== 'number' || !(value > 0) || value > 86_400)) {
        throw new InvalidFaultsError('expireAfterSeconds must be null or a number of seconds above 0 (at most 86400)');
      }
      patch.expireAfterSeconds = value;
    } else if (key === 'clockSkewSeconds') {
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 10 * 365 * 86_400) {
        throw new InvalidFaultsError('clockSkewSeconds must be a number of seconds (within ten years)');
      }
      patch.clockSkewSeconds = value;
    } else if (key === 'snapshot') {
      if (value !== null && !(SNAPSHOT_FAULTS as readonly unknown[]).includes(value)) {
        throw new InvalidFaultsError(`snapshot must be null or one of ${SNAPSHOT_FAULTS.join(', ')}`);
      }
      patch.snapshot = value as SnapshotFault | null;
    } else if (key === 'rtspRedirect' || key === 'streamUri' || key === 'snapshotRedirect') {
      // Deliberately odd strings are the point; only their size is bounded (and they go into XML escaped).
      if (value !== null && (typeof value !== 'string' || value.length > 4096)) {
        throw new InvalidFaultsError(`${key} must be null or a string of at most 4096 characters`);
      }
      patch[key] = value;
    } else if (key === 'instantAnswerStorm') {
      if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000)) {
        throw new InvalidFaultsError('instantAnswerStorm must be null or a number of messages per answer from 1 to 1000');
      }
      patch.instantAnswerStorm = value;
    } else if (key === 'motionWithoutStopEveryMs') {
      if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 10 || value > 3_600_000)) {
        throw new InvalidFaultsError('motionWithoutStopEveryMs must be null or an integer from 10 to 3600000 (milliseconds)');
      }
      patch.motionWithoutStopEveryMs = value;
    } else if (key === 'hostileReplyBytes') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 4 * 1024 * 1024) {
        throw new InvalidFaultsError('hostileReplyBytes must be an integer from 0 to 4194304');
      }
      patch.hostileReplyBytes = value;
    } else if (key === 'trickleMs') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 60_000) {
        throw new InvalidFaultsError('trickleMs must be an integer from 0 to 60000');
      }
      patch.trickleMs = value;
    } else {
      throw new InvalidFaultsError(`unknown fault "${key}" (known: ${Object.keys(DEFAULT_FAULTS).join(', ')})`);
    }
  }
  return patch;
}
