import { mkdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  MediaRepository,
  parseSegmentList,
  segmentListName,
  segmentRecorderInvocation,
  type RunningFfmpeg,
  type SegmentListEntry,
} from '@wardwatch/media';
import { SegmentBuffer, type BufferedSegment } from './segment-buffer';

export interface RecorderSettings {
  segmentSeconds: number;
  bufferSeconds: number;
  bufferMaxBytes: number;
  rtspTimeoutSeconds: number;
  /** How often the segment list is read. */
  pollMs: number;
  backoffMaxMs: number;
}

export type RecorderState = 'starting' | 'recording' | 'stream_down' | 'paused_disk_full' | 'stopped';

/** Reports a stretch of the stream that was not buffered (the stream died, or ffmpeg restarted). */
export type StreamGapListener = (cameraId: string, from: Date, to: Date, detail: string) => void;

/**
 * Keeps one camera's RTSP stream as a rolling buffer of MPEG-TS segments on local disk, with
 * stream copy. Segment-list times are relative to each ffmpeg run and restart at 0, so every run
 * is anchored to the wall clock by its first segment's modification time (the muxer closes a
 * segment when the next keyframe arrives); later segments of the run follow from the list.
 */
export class CameraRecorder {
  private readonly logger = new Logger(CameraRecorder.name);
  readonly buffer: SegmentBuffer;
  private process?: RunningFfmpeg;
  private timer?: NodeJS.Timeout;
  private runId = '';
  private seen = 0;
  private anchor: number | null = null;
  private stopped = false;
  private failures = 0;
  private downSince: number | null = null;
  /** When the stream last came back after an outage (the first new segment's start). */
  private returnedAt: number | null = null;
  private pinnedFrom: number | null = null;
  state: RecorderState = 'starting';
  lastError: string | null = null;

  constructor(
    readonly cameraId: string,
    private readonly inputUrl: string,
    readonly directory: string,
    private readonly settings: RecorderSettings,
    private readonly media: MediaRepository,
    private readonly onGap: StreamGapListener,
    /** Why the stream failed when ffmpeg cannot know (its RTSP relay cut the camera off); null: ask ffmpeg. */
    private readonly explainFailure: () => string | null = () => null,
    /** New segments were buffered; the newest ends at `latestEnd` (a clip waiting for its end may be cut). */
    private readonly onSegments: (latestEnd: number) => void = () => undefined,
  ) {
    this.buffer = new SegmentBuffer({ maxSeconds: settings.bufferSeconds, maxBytes: settings.bufferMaxBytes });
  }

  private running = false;

  /** Since when the stream has not been readable (null while recording). */
  get streamDownSince(): number | null {
    return this.state === 'stream_down' ? this.downSince : null;
  }

  /** When the stream last returned after an outage (null if it never went down). */
  get streamReturnedAt(): number | null {
    return this.returnedAt;
  }

  /** The recorder's ffmpeg process id while it runs. */
  get pid(): number | undefined {
    return this.running ? this.process?.pid : undefined;
  }

  async start(): Promise<void> {
    // A fresh buffer per recorder: segments left by an earlier process have no trustworthy times.
    await rm(this.directory, { recursive: true, force: true });
    await mkdir(this.directory, { recursive: true });
    this.launch();
  }

  /** Segments an open clip needs from `at` on are not pruned (null: nothing pinned). */
  pin(at: number | null): void {
    this.pinnedFrom = at;
  }

  private launch(): void {
    if (this.stopped || this.state === 'paused_disk_full') return;
    this.runId = `r${Date.now().toString(36)}`;
    this.seen = 0;
    this.anchor = null;
    const inv = segmentRecorderInvocation({
      inputUrl: this.inputUrl,
      directory: this.directory,
      segmentSeconds: this.settings.segmentSeconds,
      timeoutSeconds: this.settings.rtspTimeoutSeconds,
      runId: this.runId,
    });
    this.media.trace(inv);
    const running = this.media.start(inv);
    this.process = running;
    this.running = true;
    void running.exited.then((error) => {
      if (running === this.process) this.running = false;
      this.onExit(running, error);
    });
    this.schedulePoll();
  }

  private schedulePoll(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll()
        .catch((e: unknown) => this.logger.warn({ cameraId: this.cameraId, err: (e as Error).message }, 'reading the segment list failed'))
        .finally(() => this.schedulePoll());
    }, this.settings.pollMs);
  }

  /** Reads new entries of the current run's segment list into the buffer, then prunes. */
  async poll(): Promise<void> {
    const runId = this.runId;
    let csv: string;
    try {
      csv = await readFile(join(this.directory, segmentListName(runId)), 'utf8');
    } catch {
      return; // no segment finished yet
    }
    const entries = parseSegmentList(csv).slice(this.seen);
    const seenBefore = this.seen;
    try {
      await this.take(runId, entries);
    } finally {
      if (this.seen > seenBefore && this.buffer.latestEnd !== null) this.onSegments(this.buffer.latestEnd);
    }
    for (const old of this.buffer.prune(this.pinnedFrom)) await unlink(old.path).catch(() => undefined);
  }

  private async take(runId: string, entries: SegmentListEntry[]): Promise<void> {
    for (const entry of entries) {
      const path = join(this.directory, entry.file);
      const info = await stat(path).catch(() => null);
      if (!info || runId !== this.runId) return;
      this.seen++;
      this.anchor ??= info.mtimeMs - entry.end * 1000;
      const segment: BufferedSegment = {
        path,
        start: this.anchor + entry.start * 1000,
        end: this.anchor + entry.end * 1000,
        bytes: info.size,
      };
      if (this.downSince !== null) {
        if (segment.start - this.downSince > this.settings.segmentSeconds * 1000 * 2) {
          this.onGap(this.cameraId, new Date(this.downSince), new Date(segment.start), this.lastError ?? 'stream restarted');
        }
        this.downSince = null;
        this.returnedAt = segment.start;
      }
      this.buffer.add(segment);
      // The last segment of a run stopped for the disk ceiling still arrives: it does not resume recording.
      if (this.state !== 'paused_disk_full' && this.state !== 'stopped') this.state = 'recording';
      this.failures = 0;
    }
  }

  private onExit(run: RunningFfmpeg, error: Error | null): void {
    if (run !== this.process) return;
    void this.poll().finally(() => {
      if (this.stopped || this.state === 'paused_disk_full') return;
      this.lastError = this.explainFailure() ?? error?.message ?? 'the stream ended';
      this.state = 'stream_down';
      this.downSince ??= this.buffer.latestEnd ?? Date.now();
      this.failures++;
      const delay = Math.min(this.settings.backoffMaxMs, 500 * 2 ** Math.min(this.failures, 10)) * (0.5 + Math.random() / 2);
      this.logger.warn(
        { cameraId: this.cameraId, err: this.lastError, retryInMs: Math.round(delay) },
        'camera stream lost; buffering resumes when it returns',
      );
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.launch(), delay);
    });
  }

  /** Stops buffering because the worker's disk ceiling is reached; what is buffered stays. */
  async pauseForDisk(): Promise<void> {
    if (this.state === 'paused_disk_full' || this.stopped) return;
    this.state = 'paused_disk_full';
    this.downSince ??= this.buffer.latestEnd ?? Date.now();
    this.lastError = 'buffering stopped: the worker reached its disk ceiling (CLIP_DISK_CEILING_BYTES)';
    await this.process?.stop();
  }

  resumeAfterDisk(): void {
    if (this.state !== 'paused_disk_full' || this.stopped) return;
    this.state = 'starting';
    this.launch();
  }

  /** Stops ffmpeg and deletes the buffer. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    clearTimeout(this.timer);
    await this.process?.stop();
    this.buffer.clear();
    await rm(this.directory, { recursive: true, force: true });
  }
}
