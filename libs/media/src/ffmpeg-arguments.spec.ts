import {
  argv,
  clipAssemblyInvocation,
  concatList,
  parseSegmentList,
  redactArguments,
  redactCredentials,
  segmentRecorderInvocation,
  streamFrameInvocation,
  thumbnailInvocation,
} from './ffmpeg-arguments';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('ffmpeg arguments', () => {
  const recorder = argv(
    segmentRecorderInvocation({
      inputUrl: 'rtsp://admin:s3cret@10.88.0.5:554/stream1',
      directory: '/spool/cam',
      segmentSeconds: 2,
      timeoutSeconds: 5,
      runId: 'r1',
    }),
  );

  it('buffers with stream copy, video only, as MPEG-TS segments over RTSP/TCP', () => {
    expect(after(recorder, '-c')).toBe('copy');
    expect(after(recorder, '-map')).toBe('0:v:0');
    expect(after(recorder, '-f')).toBe('segment');
    expect(after(recorder, '-segment_format')).toBe('mpegts');
    expect(after(recorder, '-segment_time')).toBe('2');
    expect(after(recorder, '-rtsp_transport')).toBe('tcp');
    expect(after(recorder, '-segment_list_type')).toBe('csv');
    expect(recorder.at(-1)).toBe('/spool/cam/r1-%06d.ts');
  });

  it('restricts protocols and times the socket out before the input', () => {
    expect(after(recorder, '-protocol_whitelist')).toBe('rtsp,tcp');
    expect(after(recorder, '-timeout')).toBe('5000000');
    expect(recorder.indexOf('-timeout')).toBeLessThan(recorder.indexOf('-i'));
  });

  it('assembles with stream copy and faststart, reading only local files', () => {
    const args = argv(clipAssemblyInvocation('/spool/c/list.txt', '/spool/c/clip.mp4'));
    expect(after(args, '-c')).toBe('copy');
    expect(after(args, '-movflags')).toBe('+faststart');
    expect(after(args, '-protocol_whitelist')).toBe('file');
    expect(after(args, '-safe')).toBe('0');
    expect(args.at(-1)).toBe('/spool/c/clip.mp4');
  });

  it('cuts the clip and its keyframe thumbnail in one run, the copy untouched by the keyframe-only decoding', () => {
    const args = argv(clipAssemblyInvocation('/spool/c/list.txt', '/spool/c/clip.mp4', { output: '/spool/c/thumb.jpg', atSeconds: 6 }));
    expect(args.slice(0, args.indexOf('-i'))).toEqual(expect.arrayContaining(['-skip_frame', 'nokey']));
    const clip = args.slice(args.indexOf('-i') + 2, args.indexOf('/spool/c/clip.mp4'));
    expect(after(clip, '-c')).toBe('copy');
    const thumb = args.slice(args.indexOf('/spool/c/clip.mp4') + 1);
    expect(after(thumb, '-ss')).toBe('6.000');
    expect(after(thumb, '-frames:v')).toBe('1');
    expect(args.at(-1)).toBe('/spool/c/thumb.jpg');
  });

  it('takes one thumbnail frame at the given offset', () => {
    const args = argv(thumbnailInvocation('/c.mp4', '/c.jpg', 7.5));
    expect(after(args, '-ss')).toBe('7.500');
    expect(after(args, '-frames:v')).toBe('1');
  });

  it('takes one frame of a live stream through the relay: RTSP over TCP only, a socket timeout, video only, JPEG', () => {
    const args = argv(streamFrameInvocation('rtsp://u:s3cret@127.0.0.1:4000/cam1', '/tmp/s.jpg', 4));
    expect(after(args, '-protocol_whitelist')).toBe('rtsp,tcp');
    expect(after(args, '-rtsp_transport')).toBe('tcp');
    expect(after(args, '-timeout')).toBe('4000000');
    expect(after(args, '-map')).toBe('0:v:0');
    expect(after(args, '-frames:v')).toBe('1');
    expect(after(args, '-c:v')).toBe('mjpeg');
    expect(after(args, '-f')).toBe('image2');
    expect(args.at(-1)).toBe('/tmp/s.jpg');
    expect(redactArguments(args).join(' ')).not.toContain('s3cret');
  });

  it('quotes concat paths so a quote in a path cannot break out', () => {
    expect(concatList(['/a/b.ts', "/a/it's.ts"])).toBe("file '/a/b.ts'\nfile '/a/it'\\''s.ts'\n");
  });

  it('never lets credentials out of arguments or stderr', () => {
    expect(redactArguments(recorder).join(' ')).not.toContain('s3cret');
    expect(redactCredentials('[rtsp @ 0x1] method DESCRIBE failed: rtsp://u:p@host/x 401')).toBe(
      '[rtsp @ 0x1] method DESCRIBE failed: rtsp://***@host/x 401',
    );
  });

  it('parses the segment list and skips a half-written line', () => {
    expect(parseSegmentList('r1-000000.ts,0.000000,2.066667\nr1-000001.ts,2.066667,4.1\nr1-0000')).toEqual([
      { file: 'r1-000000.ts', start: 0, end: 2.066667 },
      { file: 'r1-000001.ts', start: 2.066667, end: 4.1 },
    ]);
  });
});
