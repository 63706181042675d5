import { Injectable, Logger } from '@nestjs/common';
import ffmpeg from 'fluent-ffmpeg';
import { argv, redactCredentials, type FfmpegInvocation } from './ffmpeg-arguments';

/** An ffmpeg run that failed: the message is safe to log and to store (credentials redacted). */
export class MediaError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'failed' | 'killed',
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export interface RunningFfmpeg {
  readonly pid: number | undefined;
  /** Settles when the process has exited (cleanly or not); the error says why it ended. */
  readonly exited: Promise<MediaError | null>;
  /** Asks ffmpeg to finish (SIGTERM lets the segment muxer close its file), then kills it. */
  stop(graceMs?: number): Promise<void>;
}

export interface ProbedMedia {
  durationSeconds: number;
  codec: string | undefined;
  width: number | undefined;
  height: number | undefined;
}

/** The last lines of ffmpeg's stderr, credentials redacted: what an operator needs to see why it failed. */
function tail(stderr: string): string {
  return redactCredentials(stderr.trim().split('\n').slice(-3).join(' | ')).slice(0, 400);
}

/**
 * The one class that runs ffmpeg and ffprobe (through fluent-ffmpeg, archived upstream: replacing
 * it with child_process.spawn touches only this file). Command lines come from the pure builders
 * in ffmpeg-arguments.ts.
 */
@Injectable()
export class MediaRepository {
  private readonly logger = new Logger(MediaRepository.name);

  private command(inv: FfmpegInvocation): ffmpeg.FfmpegCommand {
    // Several arguments at once: fluent-ffmpeg then passes them as they are, without splitting on spaces.
    const [firstIn, ...restIn] = inv.inputOptions;
    const [firstOut, ...restOut] = inv.outputOptions;
    const cmd = ffmpeg(inv.input)
      .inputOptions(firstIn, ...restIn)
      .output(inv.output)
      .outputOptions(firstOut, ...restOut);
    // fluent-ffmpeg applies outputOptions to the output added last.
    for (const more of inv.moreOutputs ?? []) {
      const [first, ...rest] = more.outputOptions;
      cmd.output(more.output).outputOptions(first, ...rest);
    }
    return cmd;
  }

  /** Starts a long-running ffmpeg (the segment recorder). */
  start(inv: FfmpegInvocation): RunningFfmpeg {
    const cmd = this.command(inv);
    let pid: number | undefined;
    let stopRequested = false;
    let settle!: (e: MediaError | null) => void;
    const exited = new Promise<MediaError | null>((resolve) => (settle = resolve));
    cmd.on('start', () => {
      pid = (cmd as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc?.pid;
      // stop() came before fluent-ffmpeg had spawned the process: without this it would run on, unowned.
      if (stopRequested) cmd.kill('SIGTERM');
    });
    cmd.on('end', () => settle(null));
    cmd.on('error', (err: Error, _stdout: string | null, stderr: string | null) =>
      settle(new MediaError(`ffmpeg ended: ${tail(stderr || '') || redactCredentials(err.message)}`, 'failed')),
    );
    cmd.run();
    return {
      get pid() {
        return pid;
      },
      exited,
      stop: async (graceMs = 3000) => {
        stopRequested = true;
        // Not spawned yet: the 'start' handler sends SIGTERM; either way wait for the exit below.
        if (pid !== undefined) {
          try {
            cmd.kill('SIGTERM');
          } catch {
            return;
          }
        }
        const timer = setTimeout(() => {
          try {
            cmd.kill('SIGKILL');
          } catch {
            /* already gone */
          }
        }, graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
  }

  /** Runs a short ffmpeg job to completion; killed (and rejected) when it takes longer than `timeoutMs`. */
  async run(inv: FfmpegInvocation, timeoutMs: number): Promise<void> {
    const cmd = this.command(inv);
    await new Promise<void>((resolve, reject) => {
      let timedOut = false;
      let started = false;
      const timer = setTimeout(() => {
        timedOut = true;
        // fluent-ffmpeg spawns only after its own asynchronous checks; a kill before that is a no-op,
        // so the deadline is applied again when the process starts (seen under CI load).
        if (started) cmd.kill('SIGKILL');
      }, timeoutMs);
      cmd.on('start', () => {
        started = true;
        if (timedOut) cmd.kill('SIGKILL');
      });
      cmd.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
      cmd.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
        clearTimeout(timer);
        if (timedOut) reject(new MediaError(`ffmpeg took longer than ${timeoutMs} ms and was killed`, 'timeout'));
        else reject(new MediaError(`ffmpeg failed: ${tail(stderr || '') || redactCredentials(err.message)}`, 'failed'));
      });
      cmd.run();
    });
  }

  async probe(file: string): Promise<ProbedMedia> {
    const data = await new Promise<ffmpeg.FfprobeData>((resolve, reject) =>
      ffmpeg.ffprobe(file, (err: Error | null, d: ffmpeg.FfprobeData) =>
        err ? reject(new MediaError(`ffprobe could not read ${file}: ${redactCredentials(err.message)}`, 'failed')) : resolve(d),
      ),
    );
    const video = data.streams.find((s) => s.codec_type === 'video');
    return {
      durationSeconds: Number(data.format.duration ?? video?.duration ?? 0),
      codec: video?.codec_name,
      width: video?.width,
      height: video?.height,
    };
  }

  /** The command line as provenance: what ran, without credentials. */
  describe(inv: FfmpegInvocation): string[] {
    return argv(inv).map(redactCredentials);
  }

  /** Logged at debug: the command about to run (redacted). */
  trace(inv: FfmpegInvocation): void {
    this.logger.debug({ ffmpeg: this.describe(inv).join(' ') }, 'ffmpeg');
  }
}
