import { createHash, randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { CoreConfig } from '@wardwatch/config';
import { MediaError, MediaRepository, pinStreamAddress, RtspRelay, StreamUriError, streamFrameInvocation } from '@wardwatch/media';
import {
  child,
  fetchSnapshot,
  looksLikeJpeg,
  OnvifError,
  pinnedSnapshotUrl,
  PullPointClient,
  SnapshotError,
  text,
  type DestinationCheck,
  type SnapshotFailure,
} from '@wardwatch/onvif';
import { problem, type ProblemCode, type ProblemException } from '@wardwatch/problems';
import { RedisConnection, RedisThrottlerStorage } from '@wardwatch/queue';
import { CameraNetworksService } from './camera-networks.service';
import { CameraRegistryService } from './camera-registry.service';
import type { CameraEntity } from './camera.entity';

/** A 429 that says when to come back (the API's exception filter turns `retryAfterSeconds` into `Retry-After`). */
export const tooManySnapshots = (detail: string, retryAfterSeconds: number): ProblemException =>
  problem('snapshot.rate_limited', detail, { failure: 'too_many_snapshots', retryAfterSeconds });

/** The problem code of each way a camera can fail to give a snapshot (`failure` repeats it, as for probes). */
export const SNAPSHOT_PROBLEMS: Record<SnapshotFailure, ProblemCode> = {
  snapshot_too_large: 'snapshot.too_large',
  snapshot_not_jpeg: 'snapshot.not_jpeg',
  snapshot_redirect: 'snapshot.redirect',
  snapshot_timeout: 'snapshot.timeout',
  snapshot_unreachable: 'snapshot.unreachable',
  snapshot_auth_refused: 'snapshot.auth_refused',
  snapshot_http_error: 'snapshot.http_error',
  snapshot_forbidden_address: 'snapshot.forbidden_address',
  snapshot_unavailable: 'snapshot.unavailable',
};

export interface CameraSnapshot {
  jpeg: Buffer;
  /** Where it came from: the camera's GetSnapshotUri, or one frame of its stream. */
  source: 'snapshot_uri' | 'stream';
}

/** Snapshots taken at once by one API process; more are refused as busy (each holds a camera connection or an ffmpeg). */
const MAX_CONCURRENT = 4;
const MEDIA_NS = 'http://www.onvif.org/ver10/media/wsdl';
const DEVICE_NS = 'http://www.onvif.org/ver10/device/wsdl';
/** ONVIF's answer for an operation the device does not implement. */
const NOT_SUPPORTED = /ActionNotSupported|NotSupported|not supported|no such operation/i;

/**
 * A snapshot from the owner's own camera, so they see exactly what the camera shares before
 * consenting (a camera enrolled without consent stays pending until they do). The camera is not
 * trusted: every address it hands back (media service, snapshot URI) is rebuilt on the enrolled,
 * allow-listed address; every socket is re-checked by the GuardedAgent; the whole snapshot has one
 * deadline; the body is capped in bytes and must be a JPEG by its bytes; redirects are refused;
 * HTTP Digest is answered with the sealed credentials. A camera without GetSnapshotUri gives one
 * frame of its stream, through the RTSP relay (which refuses redirects) and ffmpeg. Rate-limited
 * per owner, audited (`camera.snapshot_viewed`, in the owner's access log) before the bytes leave.
 */
@Injectable()
export class CameraSnapshotService {
  private readonly logger = new Logger(CameraSnapshotService.name);
  private readonly storage: RedisThrottlerStorage;
  private running = 0;

  constructor(
    private readonly registry: CameraRegistryService,
    private readonly networks: CameraNetworksService,
    private readonly media: MediaRepository,
    private readonly audit: AuditService,
    private readonly config: CoreConfig,
    redis: RedisConnection,
  ) {
    this.storage = new RedisThrottlerStorage(redis);
  }

  async take(actor: Principal, cameraId: string): Promise<CameraSnapshot> {
    // Owner only: 'change' refuses admins too (staff never see a camera's picture outside a release).
    const camera = await this.registry.owned(actor, cameraId, 'change');
    if (camera.removedAt || camera.lifecycle === 'withdrawn') {
      // The device may be someone else's enrolment by now.
      throw problem(
        'snapshot.camera_withdrawn',
        `camera ${cameraId} was ${camera.removedAt ? 'removed' : 'withdrawn'}; there is no snapshot of it to take`,
      );
    }
    await this.takeBudget(actor.userId);
    if (this.running >= MAX_CONCURRENT) {
      throw problem('snapshot.busy', `${this.running} snapshots are being taken; try again in a few seconds`);
    }
    this.running++;
    try {
      const snapshot = await this.fromCamera(camera);
      await this.audit.record({
        actor: { userId: actor.userId, role: actor.role },
        action: 'camera.snapshot_viewed',
        subject: { type: 'camera', id: camera.id },
        cameraId: camera.id,
        details: { source: snapshot.source, bytes: snapshot.jpeg.length, sha256: createHash('sha256').update(snapshot.jpeg).digest('hex') },
      });
      return snapshot;
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      this.logger.warn({ cameraId: camera.id, failure: e.failure, reason: e.message }, 'camera snapshot failed');
      await this.audit.record({
        actor: { userId: actor.userId, role: actor.role },
        action: 'camera.snapshot_failed',
        subject: { type: 'camera', id: camera.id },
        cameraId: camera.id,
        details: { failure: e.failure, reason: e.message },
      });
      throw problem(SNAPSHOT_PROBLEMS[e.failure], `no snapshot from the camera: ${e.message}`, { failure: e.failure });
    } finally {
      this.running--;
    }
  }

  private async takeBudget(userId: string): Promise<void> {
    const limit = this.config.SNAPSHOT_RATE_LIMIT_PER_USER;
    let counted: { totalHits: number; timeToExpire: number };
    try {
      counted = await this.storage.increment(userId, this.config.SNAPSHOT_RATE_LIMIT_WINDOW_S * 1000, limit, 0, 'snapshot-user');
    } catch {
      // Fail closed, as for probes: without the shared counter, snapshots would be unlimited.
      throw problem(
        'snapshot.limiter_unavailable',
        'snapshots are briefly unavailable (the rate limiter is not answering); try again shortly',
      );
    }
    if (counted.totalHits > limit) {
      const wait = Math.max(counted.timeToExpire, 1);
      throw tooManySnapshots(`too many snapshots from your account; try again in ${wait} s`, wait);
    }
  }

  private async fromCamera(camera: CameraEntity): Promise<CameraSnapshot> {
    const policy = await this.networks.policy();
    // Only the enrolled address, and only while it is still on an allowed network (the policy may have changed).
    const check: DestinationCheck = (address) => {
      if (address !== camera.onvifHost) return `only the enrolled camera address ${camera.onvifHost} may be contacted`;
      const d = policy.checkAddress(address);
      return d.allowed ? null : d.reason;
    };
    const refusal = check(camera.onvifHost);
    if (refusal)
      throw new SnapshotError('snapshot_forbidden_address', `the camera's address is no longer on an allowed camera network (${refusal})`);
    const credentials = this.registry.credentialsOf(camera);
    const deadlineMs = this.config.SNAPSHOT_DEADLINE_MS;
    const signal = AbortSignal.timeout(deadlineMs);
    const started = Date.now();

    const uri = await this.snapshotUri(camera, credentials, check, signal);
    if (uri !== null) {
      const url = pinnedSnapshotUrl(uri, camera.onvifHost);
      if (url !== null) {
        const jpeg = await fetchSnapshot(url, {
          checkDestination: check,
          ...credentials,
          deadlineMs: Math.max(deadlineMs - (Date.now() - started), 1),
          maxBytes: this.config.SNAPSHOT_MAX_BYTES,
          signal,
        });
        return { jpeg, source: 'snapshot_uri' };
      }
    }
    return { jpeg: await this.frameFromStream(camera, credentials, Math.max(deadlineMs - (Date.now() - started), 1000)), source: 'stream' };
  }

  /** GetSnapshotUri for the camera's profile, or null when the camera does not offer it. */
  private async snapshotUri(
    camera: CameraEntity,
    credentials: { username: string; password: string },
    check: DestinationCheck,
    signal: AbortSignal,
  ): Promise<string | null> {
    const idle = this.config.ONVIF_TIMEOUT_MS;
    const client = new PullPointClient(
      { host: camera.onvifHost, port: camera.onvifPort, devicePath: camera.onvifPath, eventServicePath: camera.eventsPath, ...credentials },
      check,
      idle,
      this.config.SNAPSHOT_DEADLINE_MS,
    );
    client.clockOffsetMs = camera.clockOffsetMs;
    try {
      const mediaPath = await this.mediaServicePath(client, camera, signal);
      const body = await client.request(
        mediaPath,
        `<trt:GetSnapshotUri xmlns:trt="${MEDIA_NS}"><trt:ProfileToken>${escapeText(camera.profileToken)}</trt:ProfileToken></trt:GetSnapshotUri>`,
        signal,
      );
      const uri = text(child(child(child(body, 'GetSnapshotUriResponse'), 'MediaUri'), 'Uri'));
      return uri && uri.trim() !== '' ? uri.trim() : null;
    } catch (e) {
      if (!(e instanceof OnvifError)) throw e;
      if (e.kind === 'fault' && NOT_SUPPORTED.test(e.message)) return null;
      throw snapshotErrorOf(e, signal, this.config.SNAPSHOT_DEADLINE_MS);
    } finally {
      client.close();
    }
  }

  /** The media service's path from GetCapabilities (rewritten to the enrolled host), else the device service's. */
  private async mediaServicePath(client: PullPointClient, camera: CameraEntity, signal: AbortSignal): Promise<string> {
    try {
      const body = await client.request(
        camera.onvifPath,
        `<tds:GetCapabilities xmlns:tds="${DEVICE_NS}"><tds:Category>Media</tds:Category></tds:GetCapabilities>`,
        signal,
      );
      const xaddr = text(child(child(child(child(body, 'GetCapabilitiesResponse'), 'Capabilities'), 'Media'), 'XAddr'));
      if (!xaddr) return camera.onvifPath;
      return new URL(client.rewrite(xaddr)).pathname;
    } catch (e) {
      // Many cameras serve every service at the device address; a fault here is not the end.
      if (e instanceof OnvifError && e.kind === 'fault') return camera.onvifPath;
      throw e;
    }
  }

  /** One frame of the camera's stream, through the RTSP relay pinned to the enrolled address. */
  private async frameFromStream(
    camera: CameraEntity,
    credentials: { username: string; password: string },
    timeoutMs: number,
  ): Promise<Buffer> {
    let address;
    try {
      address = pinStreamAddress(camera.streamUri, camera.onvifHost);
    } catch (e) {
      if (e instanceof StreamUriError) throw new SnapshotError('snapshot_unavailable', e.message);
      throw e;
    }
    const relay = new RtspRelay({ cameraId: camera.id, cameraHost: address.host, cameraPort: address.port, handshakeTimeoutMs: timeoutMs });
    const output = join(tmpdir(), `wardwatch-snapshot-${randomUUID()}.jpg`);
    await relay.listen();
    try {
      const invocation = streamFrameInvocation(relay.url(address.pathAndQuery, credentials), output, Math.max(timeoutMs / 1000 - 0.5, 1));
      try {
        await this.media.run(invocation, timeoutMs);
      } catch (e) {
        if (!(e instanceof MediaError)) throw e;
        const why = relay.lastFailure ?? e.message;
        if (/redirect|3\d\d/i.test(why)) throw new SnapshotError('snapshot_redirect', `the camera's stream refused: ${why}`);
        throw new SnapshotError(
          e.kind === 'timeout' ? 'snapshot_timeout' : 'snapshot_unavailable',
          `no frame from the camera's stream: ${why}`,
        );
      }
      const jpeg = await readFile(output);
      if (jpeg.length > this.config.SNAPSHOT_MAX_BYTES)
        throw new SnapshotError('snapshot_too_large', `the frame is larger than ${this.config.SNAPSHOT_MAX_BYTES} bytes`);
      if (!looksLikeJpeg(jpeg)) throw new SnapshotError('snapshot_not_jpeg', 'the frame from the stream could not be encoded as a JPEG');
      return jpeg;
    } finally {
      await relay.close();
      await rm(output, { force: true });
    }
  }
}

function escapeText(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function snapshotErrorOf(e: OnvifError, signal: AbortSignal, deadlineMs: number): SnapshotError {
  const failure: SnapshotFailure =
    e.kind === 'timeout' || (e.kind === 'aborted' && signal.aborted)
      ? 'snapshot_timeout'
      : e.kind === 'auth'
        ? 'snapshot_auth_refused'
        : e.kind === 'forbidden_address'
          ? 'snapshot_forbidden_address'
          : e.kind === 'unreachable'
            ? 'snapshot_unreachable'
            : 'snapshot_unavailable';
  const message =
    failure === 'snapshot_timeout'
      ? `the camera did not answer within ${Math.round(deadlineMs / 1000)} s`
      : `asking the camera for its snapshot address: ${e.message}`;
  return new SnapshotError(failure, message);
}
