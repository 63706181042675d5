/**
 * ffmpeg command lines, built as pure functions so that unit tests pin every flag that matters
 * for evidence (stream copy, keyframe cuts, faststart) and for safety (protocol whitelist,
 * timeouts). The media repository only runs what these return.
 */

/** One ffmpeg run: options before the input, the input, options before the output, the output. */
export interface FfmpegInvocation {
  inputOptions: string[];
  input: string;
  outputOptions: string[];
  output: string;
  /** Further outputs of the same run, each with its own options (one read of the input for all). */
  moreOutputs?: { outputOptions: string[]; output: string }[];
}

/** The command line an invocation becomes (for tests and for provenance, after redaction). */
export function argv(inv: FfmpegInvocation): string[] {
  return [
    ...inv.inputOptions,
    '-i',
    inv.input,
    ...inv.outputOptions,
    inv.output,
    ...(inv.moreOutputs ?? []).flatMap((o) => [...o.outputOptions, o.output]),
  ];
}

const QUIET = ['-hide_banner', '-nostdin'];

export interface SegmentRecorderOptions {
  /** rtsp://[user:pass@]host:port/path: in capture, the camera's RTSP relay on 127.0.0.1. */
  inputUrl: string;
  /** Directory the segments and the segment list are written to. */
  directory: string;
  /** Target segment length; real segments end on the next keyframe after it. */
  segmentSeconds: number;
  /** Socket timeout for the RTSP connection: a stream that stalls this long ends the run. */
  timeoutSeconds: number;
  /** Prefix of this run's files: segment-list times restart at 0 with every ffmpeg run. */
  runId: string;
}

export const segmentListName = (runId: string): string => `${runId}.csv`;

/**
 * Keeps a camera's stream as MPEG-TS segments with stream copy: a killed ffmpeg leaves readable
 * .ts files (an unfinished .mp4 is unreadable), and no re-encode keeps CPU near a plain copy.
 * Video only (`-map 0:v`): audio needs its own consent purpose.
 */
export function segmentRecorderInvocation(o: SegmentRecorderOptions): FfmpegInvocation {
  return {
    inputOptions: [
      ...QUIET,
      '-loglevel',
      'warning',
      // RTSP over one TCP connection (to the camera's relay, see rtsp-relay.ts) and nothing else: no
      // file: or http: URL a camera hands back, and no UDP or RTP sockets a camera's SDP could aim.
      '-protocol_whitelist',
      'rtsp,tcp',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      String(Math.round(o.timeoutSeconds * 1_000_000)),
    ],
    input: o.inputUrl,
    outputOptions: [
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'segment',
      '-segment_format',
      'mpegts',
      '-segment_time',
      String(o.segmentSeconds),
      // Measured: without it the first segment comes out one GOP too long.
      '-segment_time_delta',
      '0.1',
      '-segment_list',
      `${o.directory}/${segmentListName(o.runId)}`,
      '-segment_list_type',
      'csv',
      '-segment_list_flags',
      'live',
      '-reset_timestamps',
      '1',
    ],
    output: `${o.directory}/${o.runId}-%06d.ts`,
  };
}

/**
 * Concatenates buffered segments (listed in a concat-demuxer file) into an MP4 a browser plays while
 * downloading. With `thumbnail`, the same run also writes a JPEG of the first keyframe at or after
 * `atSeconds` into the clip: one ffmpeg per clip instead of two (spawns, not the copy, were the
 * cost when many clips end together). Only keyframes are decoded (`-skip_frame nokey` acts on the
 * decoder, which the stream copy does not use), so the thumbnail costs one decoded frame per GOP.
 */
export function clipAssemblyInvocation(
  concatListPath: string,
  outputPath: string,
  thumbnail?: { output: string; atSeconds: number },
): FfmpegInvocation {
  return {
    inputOptions: [
      ...QUIET,
      '-loglevel',
      'error',
      '-protocol_whitelist',
      'file',
      ...(thumbnail ? ['-skip_frame', 'nokey'] : []),
      '-f',
      'concat',
      '-safe',
      '0',
    ],
    input: concatListPath,
    outputOptions: ['-map', '0:v:0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y'],
    output: outputPath,
    ...(thumbnail && {
      moreOutputs: [
        {
          outputOptions: ['-map', '0:v:0', '-ss', thumbnail.atSeconds.toFixed(3), '-frames:v', '1', '-q:v', '4', '-f', 'image2', '-y'],
          output: thumbnail.output,
        },
      ],
    }),
  };
}

/** One JPEG frame from `atSeconds` into the clip (the middle of the motion is the useful frame). */
export function thumbnailInvocation(clipPath: string, outputPath: string, atSeconds: number): FfmpegInvocation {
  return {
    inputOptions: [...QUIET, '-loglevel', 'error', '-protocol_whitelist', 'file', '-ss', atSeconds.toFixed(3)],
    input: clipPath,
    outputOptions: ['-frames:v', '1', '-q:v', '4', '-f', 'image2', '-y'],
    output: outputPath,
  };
}

/**
 * One JPEG frame from a camera's live stream (a snapshot for a camera without GetSnapshotUri), read
 * as capture reads it: through the camera's RTSP relay on 127.0.0.1 (redirects refused there), RTSP
 * over TCP only, a socket timeout, video only, the first decodable frame.
 */
export function streamFrameInvocation(inputUrl: string, outputPath: string, timeoutSeconds: number): FfmpegInvocation {
  return {
    inputOptions: [
      ...QUIET,
      '-loglevel',
      'error',
      '-protocol_whitelist',
      'rtsp,tcp',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      String(Math.round(timeoutSeconds * 1_000_000)),
      // The SDP names the codec: no need for ffmpeg's default 5 s of stream analysis before the first frame.
      '-analyzeduration',
      '500000',
      '-probesize',
      '262144',
    ],
    input: inputUrl,
    outputOptions: ['-map', '0:v:0', '-an', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2', '-y'],
    output: outputPath,
  };
}

/** The concat demuxer's list file; paths are quoted the way the demuxer unquotes them. */
export function concatList(paths: string[]): string {
  return paths.map((p) => `file '${p.replace(/'/g, "'\\''")}'\n`).join('');
}

/** ffmpeg echoes input URLs with their credentials in errors and logs: never let them out. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}

/** Arguments safe to log or keep as provenance. */
export function redactArguments(args: string[]): string[] {
  return args.map(redactCredentials);
}

export interface SegmentListEntry {
  file: string;
  /** Seconds from the start of the ffmpeg run (relative; they reset when ffmpeg restarts). */
  start: number;
  end: number;
}

/** Parses ffmpeg's CSV segment list ("name,start,end" per line); a half-written last line is skipped. */
export function parseSegmentList(csv: string): SegmentListEntry[] {
  const entries: SegmentListEntry[] = [];
  for (const line of csv.split('\n')) {
    const m = /^("?)(.+?)\1,(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(line.trim());
    if (!m) continue;
    const start = Number(m[3]);
    const end = Number(m[4]);
    if (!(end >= start)) continue;
    entries.push({ file: m[2], start, end });
  }
  return entries;
}
