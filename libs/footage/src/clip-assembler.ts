import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { clipAssemblyInvocation, concatList, MediaRepository, thumbnailInvocation } from '@wardwatch/media';
import type { BufferedSegment } from './segment-buffer';

/** SHA-256 (hex) of everything a stream yields: a clip on disk, or one read back from the store. */
export async function sha256Of(stream: AsyncIterable<unknown>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256File(path: string): Promise<string> {
  return sha256Of(createReadStream(path));
}

/** Why a clip could not be made; the message is stored as the clip's failure reason. */
export class ClipAssemblyError extends Error {
  constructor(
    message: string,
    /** The stretch without video, when the stream was lost: recorded as a gap. */
    readonly missing?: { from: Date; to: Date },
  ) {
    super(message);
    this.name = 'ClipAssemblyError';
  }
}

export interface AssemblyInput {
  clipId: string;
  from: number;
  to: number;
  /** Where in the clip the motion is, for the thumbnail. */
  motionAt: number;
  segments: BufferedSegment[];
  segmentSeconds: number;
  maxBytes: number;
  timeoutMs: number;
}

export interface AssemblyResult {
  clipPath: string;
  thumbnailPath: string;
  directory: string;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  sizeBytes: number;
  sha256: string;
  thumbnailSha256: string;
  ffmpeg: { clip: string[]; thumbnail: string[] };
  segments: { file: string; start: string; end: string; bytes: number }[];
}

/** The video the segments leave out of [from, to): a stream lost before, during or after the clip. */
export function missingVideo(
  segments: BufferedSegment[],
  from: number,
  to: number,
  toleranceMs: number,
): { from: number; to: number } | null {
  if (segments.length === 0) return { from, to };
  if (segments[0].start > from + toleranceMs) return { from, to: segments[0].start };
  for (let i = 1; i < segments.length; i++) {
    if (segments[i].start - segments[i - 1].end > toleranceMs) return { from: segments[i - 1].end, to: segments[i].start };
  }
  const last = segments[segments.length - 1];
  if (last.end < to - toleranceMs) return { from: last.end, to };
  return null;
}

/**
 * Cuts a clip from buffered segments with stream copy into an MP4 with faststart (plays while it
 * downloads), takes a thumbnail and hashes both. ffmpeg writes to a temporary name that is renamed
 * only after it succeeded, so a killed run never leaves a file that looks like a finished clip.
 */
@Injectable()
export class ClipAssembler {
  constructor(private readonly media: MediaRepository) {}

  async assemble(spoolDir: string, input: AssemblyInput): Promise<AssemblyResult> {
    // Segments of one ffmpeg run are contiguous and the clip waited for the one holding its end, so
    // any hole (beyond rounding) means the stream was lost: a partial clip would misstate the evidence.
    const missing = missingVideo(input.segments, input.from, input.to, 250);
    if (missing) {
      const span = `${new Date(missing.from).toISOString()} to ${new Date(missing.to).toISOString()}`;
      throw new ClipAssemblyError(
        input.segments.length === 0
          ? `no video was buffered for the clip (${span}): the camera's stream was down`
          : `the camera's stream was lost from ${span}`,
        { from: new Date(missing.from), to: new Date(missing.to) },
      );
    }
    const directory = join(spoolDir, 'clips', input.clipId);
    await rm(directory, { recursive: true, force: true });
    await mkdir(directory, { recursive: true });
    try {
      const listPath = join(directory, 'segments.txt');
      await writeFile(listPath, concatList(input.segments.map((s) => s.path)));
      const clipPath = join(directory, 'clip.mp4');
      const clipInv = clipAssemblyInvocation(listPath, `${clipPath}.part`);
      await this.media.run(clipInv, input.timeoutMs);
      await rename(`${clipPath}.part`, clipPath);
      const { size } = await stat(clipPath);
      if (size > input.maxBytes)
        throw new ClipAssemblyError(`the clip is ${size} bytes, over CLIP_MAX_BYTES (${input.maxBytes}); lower CLIP_MAX_SECONDS`);
      const probed = await this.media.probe(clipPath);
      const startedAt = input.segments[0].start;
      const at = Math.min(Math.max(0, (input.motionAt - startedAt) / 1000 + 1), Math.max(0, probed.durationSeconds - 0.2));
      const thumbnailPath = join(directory, 'thumbnail.jpg');
      const thumbInv = thumbnailInvocation(clipPath, `${thumbnailPath}.part`, at);
      await this.media.run(thumbInv, input.timeoutMs);
      await rename(`${thumbnailPath}.part`, thumbnailPath);
      return {
        clipPath,
        thumbnailPath,
        directory,
        startedAt: new Date(startedAt),
        endedAt: new Date(input.segments[input.segments.length - 1].end),
        durationMs: Math.round(probed.durationSeconds * 1000),
        sizeBytes: size,
        sha256: await sha256File(clipPath),
        thumbnailSha256: await sha256File(thumbnailPath),
        ffmpeg: { clip: this.media.describe(clipInv), thumbnail: this.media.describe(thumbInv) },
        segments: input.segments.map((s) => ({
          file: s.path.split('/').pop() ?? s.path,
          start: new Date(s.start).toISOString(),
          end: new Date(s.end).toISOString(),
          bytes: s.bytes,
        })),
      };
    } catch (e) {
      await rm(directory, { recursive: true, force: true });
      throw e;
    }
  }
}
