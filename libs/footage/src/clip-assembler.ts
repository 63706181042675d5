import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { clipAssemblyInvocation, concatList, MediaRepository } from '@wardwatch/media';
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

/**
 * An MP4's duration in seconds from its movie header (moov/mvhd), what ffprobe reports as the
 * format's duration; null when the file has no readable header (not a finished MP4). Read here
 * rather than by spawning ffprobe for every clip: faststart puts moov right after ftyp, so this is
 * a few small reads.
 */
export async function mp4Duration(path: string): Promise<number | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(16);
    const read = async (at: number, length: number) => {
      const buf = length <= head.length ? head : Buffer.alloc(length);
      const { bytesRead } = await file.read(buf, 0, length, at);
      return bytesRead === length ? buf : null;
    };
    // Top-level boxes, then moov's children: [size:4][type:4], size 1 means a 64-bit size follows.
    const find = async (type: string, from: number, to: number): Promise<{ body: number; end: number } | null> => {
      for (let at = from; at + 8 <= to;) {
        const h = await read(at, 16 <= to - at ? 16 : 8);
        if (!h) return null;
        let boxSize = h.readUInt32BE(0);
        let header = 8;
        if (boxSize === 1) {
          if (to - at < 16) return null;
          boxSize = Number(h.readBigUInt64BE(8));
          header = 16;
        } else if (boxSize === 0) boxSize = to - at;
        if (boxSize < header) return null;
        if (h.toString('latin1', 4, 8) === type) return { body: at + header, end: at + boxSize };
        at += boxSize;
      }
      return null;
    };
    const moov = await find('moov', 0, size);
    const mvhd = moov && (await find('mvhd', moov.body, moov.end));
    if (!mvhd) return null;
    const v = await read(mvhd.body, 32);
    if (!v) return null;
    // version 0: 32-bit creation/modification times and duration; version 1: 64-bit.
    const [timescale, duration] =
      v[0] === 1 ? [v.readUInt32BE(20), Number(v.readBigUInt64BE(24))] : [v.readUInt32BE(12), v.readUInt32BE(16)];
    return timescale > 0 ? duration / timescale : null;
  } finally {
    await file.close();
  }
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
 * downloads), takes a thumbnail in the same ffmpeg run and hashes both. ffmpeg writes to temporary
 * names that are renamed only after it succeeded, so a killed run never leaves a file that looks
 * like a finished clip.
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
      const thumbnailPath = join(directory, 'thumbnail.jpg');
      const startedAt = input.segments[0].start;
      const last = input.segments[input.segments.length - 1];
      // The first keyframe a second into the motion. Every segment begins on a keyframe, so one is
      // certain up to the last segment's start (less a margin for timestamp rounding).
      const at = Math.min(Math.max(0, (input.motionAt - startedAt) / 1000 + 1), Math.max(0, (last.start - startedAt) / 1000 - 0.3));
      const inv = clipAssemblyInvocation(listPath, `${clipPath}.part`, { output: `${thumbnailPath}.part`, atSeconds: at });
      await this.media.run(inv, input.timeoutMs);
      await rename(`${clipPath}.part`, clipPath);
      await rename(`${thumbnailPath}.part`, thumbnailPath);
      const { size } = await stat(clipPath);
      if (size > input.maxBytes)
        throw new ClipAssemblyError(`the clip is ${size} bytes, over CLIP_MAX_BYTES (${input.maxBytes}); lower CLIP_MAX_SECONDS`);
      const [durationSeconds, sha256, thumbnailSha256] = await Promise.all([
        mp4Duration(clipPath),
        sha256File(clipPath),
        sha256File(thumbnailPath),
      ]);
      if (durationSeconds === null) throw new ClipAssemblyError('ffmpeg wrote a clip without a readable MP4 header');
      const described = this.media.describe(inv);
      return {
        clipPath,
        thumbnailPath,
        directory,
        startedAt: new Date(startedAt),
        endedAt: new Date(last.end),
        durationMs: Math.round(durationSeconds * 1000),
        sizeBytes: size,
        sha256,
        thumbnailSha256,
        // One run makes both: each is recorded with the command line that wrote it.
        ffmpeg: { clip: described, thumbnail: described },
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
