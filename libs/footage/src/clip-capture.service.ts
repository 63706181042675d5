import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { CameraNetworksService, CredentialCipher } from '@wardwatch/cameras';
import { WorkerConfig } from '@wardwatch/config';
import { CameraHoldings, FencedWriteRefused, type HoldingFollower, type HoldingToken } from '@wardwatch/holdings';
import { buildRtspUri, MediaRepository, pinStreamAddress, StreamUriError, type RtspRelay } from '@wardwatch/media';
import { MetricsService } from '@wardwatch/observability';
import { BoundedPool, forEachLimited } from './bounded-pool';
import { ClipAssembler, ClipAssemblyError } from './clip-assembler';
import { planClips, type ClipPlanSettings, type Episode, type PlannedClip } from './clip-planner';
import { ClipRepository, type OpenClip, type RecordingTarget } from './clip.repository';
import { CameraRecorder, type RecorderSettings } from './camera-recorder';
import { ClipUploadQueue } from './clip-upload.queue';
import { clipObjectKeys } from './object-keys';
import { openRelayedStream } from './relayed-stream';

/** How often an unreadable stream's health is said again (the event side may have set it online). */
const STREAM_REPORT_EVERY_MS = 5000;

/**
 * Busy cameras planned at once in a tick: each plan is a few short queries, so a handful in flight
 * hides their round trips without taking the pool the ingest side needs.
 */
const PLANNING_CONCURRENCY = 4;

/**
 * The camera's own stream URL: its port and path on the enrolled host (never a host the camera
 * handed back), parsed strictly, with its credentials. Capture does not open it directly (it goes
 * through the camera's RTSP relay, see relayed-stream.ts); benchmarks do.
 */
export function recordingUrl(streamUri: string, enrolledHost: string, username: string, password: string): string {
  return buildRtspUri(pinStreamAddress(streamUri, enrolledHost), { username, password });
}

/**
 * Clip capture in the worker that holds a camera's lease (its pre-roll is on this worker's disk):
 * one rolling buffer per held camera with video (CameraHoldings takes no more of those than
 * CLIP_MAX_CAMERAS, so every one is buffered), clips planned from the motion
 * index, assembled when their post-roll is buffered, then handed to this worker's upload queue.
 * Everything is re-derived from the database each tick, so a restart loses no planned clip.
 */
@Injectable()
export class ClipCaptureService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, HoldingFollower {
  private readonly logger = new Logger(ClipCaptureService.name);
  private readonly recorders = new Map<
    string,
    { recorder: CameraRecorder; target: RecordingTarget; holding: HoldingToken; relay?: RtspRelay }
  >();
  /** Cameras whose stored stream address the strict parser refuses: never opened, reported, logged once. */
  private readonly refusedStreams = new Map<string, { streamUri: string; reason: string }>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private diskFull = false;
  readonly spoolDir: string;
  private readonly plan: ClipPlanSettings;
  private readonly recorderSettings: RecorderSettings;
  /** OPTIONS to PLAY through the relay: generous (Digest retries), but a camera cannot hold it open. */
  private readonly handshakeTimeoutMs: number;
  private readonly spoolBytes: Gauge;
  private readonly bufferingStopped: Gauge;
  private readonly recording: Gauge;
  /**
   * Cameras whose stream this worker reported unreadable, with when it last said so (0: it may have
   * been reported before this recorder started, e.g. by a worker that died; cleared when it records).
   */
  private readonly streamReported = new Map<string, number>();
  /**
   * Assemblies run here, beside the tick, at most one per core: a tick that assembled every due clip
   * itself, one after another, made 100 simultaneous motion ends wait for 100 serial ffmpeg runs.
   */
  private readonly assemblies: BoundedPool;
  /**
   * Per camera, the due clips whose end segment was not buffered yet at the last plan: started as
   * soon as their recorder buffers it, rather than at the next tick (with 100 busy cameras a tick,
   * and so the wait, takes longer than CLIP_TICK_MS). Re-derived on every plan.
   */
  private readonly awaitingEnd = new Map<string, Map<string, { to: number; start: () => void }>>();

  constructor(
    private readonly config: WorkerConfig,
    private readonly clips: ClipRepository,
    private readonly holdings: CameraHoldings,
    private readonly networks: CameraNetworksService,
    private readonly cipher: CredentialCipher,
    private readonly media: MediaRepository,
    private readonly assembler: ClipAssembler,
    private readonly uploads: ClipUploadQueue,
    metrics: MetricsService,
  ) {
    this.spoolDir = resolve(config.CLIP_SPOOL_DIR);
    this.plan = {
      preRollMs: config.CLIP_PRE_ROLL_S * 1000,
      postRollMs: config.CLIP_POST_ROLL_S * 1000,
      maxMs: config.CLIP_MAX_SECONDS * 1000,
    };
    this.recorderSettings = {
      segmentSeconds: config.CLIP_SEGMENT_SECONDS,
      // Enough for the longest pre-roll an owner may choose, whatever the buffer setting says.
      bufferSeconds: Math.max(config.CLIP_BUFFER_SECONDS, config.CLIP_MAX_PRE_ROLL_S + 2 * config.CLIP_SEGMENT_SECONDS),
      bufferMaxBytes: config.CLIP_BUFFER_MAX_BYTES,
      rtspTimeoutSeconds: config.CLIP_RTSP_TIMEOUT_S,
      pollMs: Math.min(500, config.CLIP_TICK_MS),
      backoffMaxMs: 30_000,
    };
    this.assemblies = new BoundedPool(config.CLIP_ASSEMBLY_CONCURRENCY || availableParallelism());
    this.handshakeTimeoutMs = Math.max(10_000, 3 * config.CLIP_RTSP_TIMEOUT_S * 1000);
    this.spoolBytes = metrics.gauge(
      'wardwatch_clip_spool_bytes',
      'Bytes on this worker’s spool: buffered segments and clips awaiting upload',
    );
    this.bufferingStopped = metrics.gauge(
      'wardwatch_clip_buffering_stopped',
      '1 while buffering is stopped because the disk ceiling is reached',
    );
    this.recording = metrics.gauge('wardwatch_clip_cameras_recording', 'Cameras whose stream this worker is buffering');
  }

  onModuleInit(): void {
    this.holdings.follow(this);
  }

  /** Capture reads the holdings on each tick; nothing to do when they change. */
  followHoldings(): Promise<void> {
    return Promise.resolve();
  }

  /** Before the lease goes back: stop buffering while this worker still holds the camera (its open clips fail as its own). */
  async letGo(cameraId: string): Promise<void> {
    await this.stopRecording(cameraId, 'capture stopped: this worker gave the camera back');
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    // Running assemblies finish (or fail) as this worker's; queued ones stay 'capturing' for the next start.
    this.assemblies.clearWaiting();
    await this.assemblies.idle();
    await Promise.all([...this.recorders.keys()].map((id) => this.stopRecording(id, 'the worker is shutting down')));
  }

  /** What health and metrics report about buffering. */
  status(): {
    diskFull: boolean;
    spoolBytes: number;
    ceilingBytes: number;
    cameras: { cameraId: string; state: string; lastError: string | null; pid?: number; bufferedUntil: Date | null }[];
  } {
    return {
      diskFull: this.diskFull,
      spoolBytes: this.usage(),
      ceilingBytes: this.config.CLIP_DISK_CEILING_BYTES,
      cameras: [
        ...[...this.recorders.values()].map(({ recorder }) => ({
          cameraId: recorder.cameraId,
          state: recorder.state,
          lastError: recorder.lastError,
          pid: recorder.pid,
          bufferedUntil: recorder.buffer.latestEnd === null ? null : new Date(recorder.buffer.latestEnd),
        })),
        ...[...this.refusedStreams].map(([cameraId, { reason }]) => ({
          cameraId,
          state: 'stream_address_refused',
          lastError: reason,
          bufferedUntil: null,
        })),
      ],
    };
  }

  /** ffmpeg process ids of the segment recorders (the clip benchmark reads their CPU from /proc). */
  recorderPids(): number[] {
    return [...this.recorders.values()].map(({ recorder }) => recorder.pid).filter((p): p is number => p !== undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((e: unknown) => this.logger.warn({ err: (e as Error).message }, 'clip capture tick failed; retrying'))
        .finally(() => this.schedule(this.config.CLIP_TICK_MS));
    }, ms);
  }

  private usage(): number {
    let bytes = this.uploads.pendingBytes();
    for (const { recorder } of this.recorders.values()) bytes += recorder.buffer.bytes;
    return bytes;
  }

  async tick(): Promise<void> {
    await this.reconcileRecorders();
    await this.reportStreams();
    await this.enforceDiskCeiling();
    const busy = await this.clips.busyCameras([...this.recorders.keys()], this.lookback(), this.plan.maxMs);
    const entries = [...this.recorders.values()];
    // No open clip (an assembling one is still 'capturing', so its camera is busy): the buffer may roll freely.
    for (const { recorder, target } of entries) {
      if (busy.has(target.id)) continue;
      recorder.pin(null);
      this.awaitingEnd.delete(target.id);
    }
    const planned = entries.filter(({ target }) => busy.has(target.id));
    const since = this.lookback();
    // Open motion is closed INGEST_MOTION_MAX_SECONDS after its start (closeOverdue); an hour's margin for a closer that lagged.
    const openSince = new Date(since.getTime() - this.config.INGEST_MOTION_MAX_SECONDS * 1000 - 3_600_000);
    const state = await this.clips.planningState(
      planned.map(({ target }) => target.id),
      since,
      openSince,
    );
    await forEachLimited(planned, PLANNING_CONCURRENCY, async ({ recorder, target, holding }) => {
      if (this.stopped) return;
      try {
        await this.captureFor(recorder, target, holding, state.get(target.id)!);
      } catch (e) {
        if (!(e instanceof FencedWriteRefused)) throw e;
        await this.stopFenced(target.id, holding);
      }
    });
  }

  /** Another worker holds a newer lease: this one stops buffering; its clips are the new owner's now. */
  private async stopFenced(cameraId: string, holding: HoldingToken): Promise<void> {
    // Only the recorder that held this token: one started since under a newer token of this worker's stays.
    if (this.recorders.get(cameraId)?.holding !== holding) return;
    await this.stopRecording(cameraId, 'capture stopped: another worker holds a newer lease on the camera');
  }

  /** Buffers exactly the held cameras with video (consent includes clips, a stream address). */
  private async reconcileRecorders(): Promise<void> {
    const holdings = new Map([...this.holdings.current().values()].filter((h) => h.target.video).map((h) => [h.cameraId, h.token]));
    const targets = await this.clips.recordingTargets([...holdings.keys()]);
    const wanted = new Map(targets.map((t) => [t.id, t]));
    for (const id of this.refusedStreams.keys()) if (!wanted.has(id)) this.refusedStreams.delete(id);
    // Read on every pass: a camera network removed since a recorder started stops it (review F27).
    const policy = await this.networks.policy();
    for (const [id, { target, holding }] of this.recorders) {
      const now = wanted.get(id);
      const decision = now ? policy.checkAddress(now.onvifHost) : null;
      if (!now || holdings.get(id) !== holding.token)
        await this.stopRecording(
          id,
          'capture stopped: the camera is no longer held by this worker or its consent no longer includes clips',
        );
      else if (decision && !decision.allowed)
        await this.stopRecording(id, `capture stopped: the camera is no longer in an allowed camera network (${decision.reason})`);
      else if (
        now.streamUri !== target.streamUri ||
        now.credentialsSealed !== target.credentialsSealed ||
        now.onvifHost !== target.onvifHost
      ) {
        await this.stopRecording(id, 'capture restarted: the camera’s stream address or credentials changed');
      } else this.recorders.get(id)!.target = now;
    }
    if (this.recorders.size < wanted.size) {
      for (const target of targets) {
        if (this.recorders.has(target.id) || this.stopped) continue;
        const decision = policy.checkAddress(target.onvifHost);
        if (!decision.allowed) {
          this.logger.warn({ cameraId: target.id, reason: decision.reason }, 'not buffering a camera outside the allowed networks');
          continue;
        }
        const { u, p } = JSON.parse(this.cipher.decrypt(target.credentialsSealed, target.id)) as { u: string; p: string };
        let stream;
        try {
          stream = await openRelayedStream(
            target.id,
            target.streamUri,
            target.onvifHost,
            { username: u, password: p },
            this.handshakeTimeoutMs,
          );
        } catch (error) {
          if (!(error instanceof StreamUriError)) throw error;
          if (this.refusedStreams.get(target.id)?.streamUri !== target.streamUri) {
            this.logger.warn(
              { cameraId: target.id, reason: error.message },
              'not buffering a camera whose stored stream address is refused; probe it again',
            );
          }
          this.refusedStreams.set(target.id, { streamUri: target.streamUri, reason: `${error.message}; probe the camera again` });
          continue;
        }
        this.refusedStreams.delete(target.id);
        const relay = stream.relay;
        const holding = { cameraId: target.id, token: holdings.get(target.id)! };
        const recorder = new CameraRecorder(
          target.id,
          stream.url,
          join(this.spoolDir, 'buffer', target.id),
          this.recorderSettings,
          this.media,
          (cameraId, from, to, detail) =>
            void this.clips
              .recordStreamGap(holding, from, to, detail)
              .catch((e: unknown) => this.logger.warn({ cameraId, err: (e as Error).message }, 'could not record a stream gap')),
          () => relay.lastFailure,
          (latestEnd) => this.segmentsArrived(target.id, latestEnd),
        );
        this.recorders.set(target.id, { recorder, target, holding, relay });
        this.streamReported.set(target.id, 0);
        await recorder.start();
        if (this.diskFull) await recorder.pauseForDisk();
      }
    }
    this.recording.set(this.recorders.size);
  }

  private async stopRecording(cameraId: string, reason: string): Promise<void> {
    const entry = this.recorders.get(cameraId);
    if (!entry) return;
    this.recorders.delete(cameraId);
    this.awaitingEnd.delete(cameraId);
    await entry.recorder.stop();
    await entry.relay?.close();
    if (this.streamReported.delete(cameraId)) {
      // No longer watched here: the gap ends now, and whoever records the camera next reports it afresh.
      await this.clips
        .streamBack(entry.holding, new Date())
        .catch((e: unknown) => this.logger.warn({ cameraId, err: (e as Error).message }, 'could not close the stream gap'));
    }
    // Refused once another worker holds a newer lease: its clips for the camera are not this worker's to fail.
    const failed = await this.clips.failOpen(entry.holding, reason).catch(() => 0);
    this.logger.log({ cameraId, reason, openClipsFailed: failed }, 'stopped buffering a camera');
  }

  /**
   * A stream that cannot be read (RTSP refused, nothing sent) for two segments makes the camera
   * `stream_unreachable` with an open `stream_lost` gap from when it was last read, said again every
   * few seconds while it lasts (the event side sets health online as events flow); when segments
   * arrive again the gap closes where the stream returned and health recovers.
   */
  private async reportStreams(): Promise<void> {
    const downAfterMs = 2 * this.config.CLIP_SEGMENT_SECONDS * 1000;
    for (const { recorder, holding } of [...this.recorders.values()]) {
      const id = recorder.cameraId;
      const since = recorder.streamDownSince;
      const reported = this.streamReported.get(id);
      try {
        if (since !== null && Date.now() - since >= downAfterMs) {
          if (reported && Date.now() - reported < STREAM_REPORT_EVERY_MS) continue;
          await this.clips.streamLost(
            holding,
            new Date(since),
            recorder.lastError ?? 'the camera’s stream cannot be read',
            // One segment: the precision of the video anyway, and a recorder restart while down stays one gap.
            this.config.CLIP_SEGMENT_SECONDS * 1000,
          );
          if (!reported) this.logger.warn({ cameraId: id, since: new Date(since), err: recorder.lastError }, 'camera stream unreachable');
          this.streamReported.set(id, Date.now());
        } else if (recorder.state === 'recording' && reported !== undefined) {
          await this.clips.streamBack(holding, new Date(recorder.streamReturnedAt ?? Date.now()));
          this.streamReported.delete(id);
        }
      } catch (e) {
        this.logger.warn({ cameraId: id, err: (e as Error).message }, 'could not record the stream’s health; retrying next tick');
      }
    }
  }

  /** Above the ceiling every recorder stops (what is buffered stays for open clips); below 90% they resume. */
  private async enforceDiskCeiling(): Promise<void> {
    const used = this.usage();
    this.spoolBytes.set(used);
    const ceiling = this.config.CLIP_DISK_CEILING_BYTES;
    if (!this.diskFull && used >= ceiling) {
      this.diskFull = true;
      this.logger.error(
        { used, ceiling },
        'spool reached CLIP_DISK_CEILING_BYTES: buffering stopped until uploads drain or the ceiling is raised',
      );
      for (const { recorder } of this.recorders.values()) await recorder.pauseForDisk();
    } else if (this.diskFull && used < ceiling * 0.9) {
      this.diskFull = false;
      this.logger.log({ used, ceiling }, 'spool below its ceiling again: buffering resumes');
      for (const { recorder } of this.recorders.values()) recorder.resumeAfterDisk();
    }
    this.bufferingStopped.set(this.diskFull ? 1 : 0);
  }

  /** The camera owner's pre/post-roll where set, never beyond the administrators' limits (checked again here: the database is not the only writer). */
  private planFor(target: RecordingTarget): ClipPlanSettings {
    const pre = Math.min(target.preRollS ?? this.config.CLIP_PRE_ROLL_S, this.config.CLIP_MAX_PRE_ROLL_S);
    const post = Math.min(target.postRollS ?? this.config.CLIP_POST_ROLL_S, this.config.CLIP_MAX_POST_ROLL_S);
    return { ...this.plan, preRollMs: pre * 1000, postRollMs: post * 1000 };
  }

  /** How far back motion can still need a clip: a clip's full span plus what the buffer holds. */
  private lookback(): Date {
    return new Date(
      Date.now() -
        this.plan.maxMs -
        this.config.CLIP_MAX_PRE_ROLL_S * 1000 -
        this.config.CLIP_MAX_POST_ROLL_S * 1000 -
        this.config.CLIP_BUFFER_SECONDS * 1000,
    );
  }

  private async captureFor(
    recorder: CameraRecorder,
    target: RecordingTarget,
    holding: HoldingToken,
    { episodes, clips: existing, open: openBefore }: { episodes: Episode[]; clips: PlannedClip[]; open: OpenClip[] },
  ): Promise<void> {
    const segments = recorder.buffer.covering(0, Number.MAX_SAFE_INTEGER);
    if (segments.length === 0) return;
    const bufferedSince = segments[0].start;
    const plan = planClips(episodes, existing, this.planFor(target), Date.now(), bufferedSince);
    for (const clip of plan.create) {
      await this.clips.insertPlanned(holding, clip, target.retentionDays, episodes.find((e) => e.id === clip.motionEventId)?.start);
    }
    for (const { id, to } of plan.extend) await this.clips.extend(holding, id, to, target.retentionDays);
    // The tick's read stands unless this plan changed the camera's clips.
    const open = plan.create.length + plan.extend.length > 0 ? await this.clips.openClips(target.id) : openBefore;
    recorder.pin(open.length > 0 ? Math.min(...open.map((c) => c.from)) : null);

    const segmentMs = this.config.CLIP_SEGMENT_SECONDS * 1000;
    const waiting = new Map<string, { to: number; start: () => void }>();
    for (const clip of open) {
      if (clip.to === null) continue; // still open: not due
      const to = clip.to;
      const from = clip.from;
      const motionAt = episodes.find((e) => e.id === clip.motionEventId)?.start ?? from;
      // Queued, not awaited: the tick goes on planning the other cameras while clips are cut. A clip
      // already queued or being cut is not queued again (it stays 'capturing' until it is assembled).
      const start = () =>
        void this.assemblies.add(clip.id, async () => {
          if (this.stopped || this.recorders.get(target.id)?.holding !== holding) return; // stopped meanwhile: failOpen saw to it
          try {
            await this.assembleOne(recorder, target, holding, clip.id, clip.motionEventId, from, to, motionAt);
          } catch (e) {
            if (e instanceof FencedWriteRefused) await this.stopFenced(target.id, holding);
            else
              this.logger.warn(
                { cameraId: target.id, clipId: clip.id, err: (e as Error).message },
                'clip assembly failed; retrying next tick',
              );
          }
        });
      const latest = recorder.buffer.latestEnd ?? 0;
      // Wait for the segment holding the clip's end; give up waiting once the stream is clearly gone.
      const patience = segmentMs * 2 + this.config.CLIP_RTSP_TIMEOUT_S * 1000 + 2000;
      if (latest < to && Date.now() < to + patience) waiting.set(clip.id, { to, start });
      else start();
    }
    // Not for a recorder stopped while this camera was planned: its entry would outlive it.
    if (this.recorders.get(target.id)?.holding === holding) this.awaitingEnd.set(target.id, waiting);
  }

  /** A recorder buffered new segments: clips that waited for their end start now, not at the next tick. */
  private segmentsArrived(cameraId: string, latestEnd: number): void {
    const waiting = this.awaitingEnd.get(cameraId);
    if (!waiting) return;
    for (const [clipId, { to, start }] of waiting) {
      if (latestEnd < to) continue;
      waiting.delete(clipId);
      start();
    }
  }

  private async assembleOne(
    recorder: CameraRecorder,
    target: RecordingTarget,
    holding: HoldingToken,
    clipId: string,
    motionEventId: string,
    from: number,
    to: number,
    motionAt: number,
  ): Promise<void> {
    try {
      const result = await this.assembler.assemble(this.spoolDir, {
        clipId,
        from,
        to,
        motionAt,
        segments: recorder.buffer.covering(from, to),
        segmentSeconds: this.config.CLIP_SEGMENT_SECONDS,
        maxBytes: this.config.CLIP_MAX_BYTES,
        timeoutMs: this.config.CLIP_FFMPEG_TIMEOUT_S * 1000,
      });
      const keys = clipObjectKeys(target.wardId, target.id, clipId, result.startedAt);
      await this.clips.markAssembled(holding, clipId, {
        startedAt: result.startedAt,
        endedAt: result.endedAt,
        durationMs: result.durationMs,
        sizeBytes: result.sizeBytes,
        sha256: result.sha256,
        thumbnailSha256: result.thumbnailSha256,
        objectKey: keys.clip,
        thumbnailKey: keys.thumbnail,
        workerId: this.uploads.workerId,
        provenance: {
          motionEventId,
          requestedFrom: new Date(from).toISOString(),
          requestedTo: new Date(to).toISOString(),
          cameraClockOffsetMs: target.clockOffsetMs,
          ffmpeg: result.ffmpeg,
          segments: result.segments,
          assembledBy: this.uploads.workerId,
        },
      });
      await this.uploads.enqueue(clipId, result.directory, result.sizeBytes);
      this.logger.log({ cameraId: target.id, clipId, bytes: result.sizeBytes, durationMs: result.durationMs }, 'clip assembled');
    } catch (e) {
      if (e instanceof FencedWriteRefused) throw e;
      const reason = e instanceof ClipAssemblyError ? e.message : `clip assembly failed: ${(e as Error).message}`;
      // The gap first: whoever sees the failed clip can already see why there is no video.
      if (e instanceof ClipAssemblyError && e.missing) await this.clips.recordStreamGap(holding, e.missing.from, e.missing.to, reason);
      await this.clips.markFailed(holding, clipId, reason);
      this.logger.warn({ cameraId: target.id, clipId, reason }, 'clip failed');
    }
  }
}
