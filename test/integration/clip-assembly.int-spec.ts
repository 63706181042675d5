import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClipAssembler, type BufferedSegment } from '@wardwatch/footage';
import { MediaError, MediaRepository } from '@wardwatch/media';

const run = promisify(execFile);

describe('clip assembly with the real ffmpeg: a killed run never leaves a clip behind', () => {
  jest.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'wardwatch-assembly-'));
  const media = new MediaRepository();
  const assembler = new ClipAssembler(media);
  const segments: BufferedSegment[] = [];
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    // Two 2-second H.264 MPEG-TS segments, as the recorder keeps them.
    for (let i = 0; i < 2; i++) {
      const path = join(dir, `seg-${i}.ts`);
      await run('ffmpeg', [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=320x240:rate=10',
        '-t',
        '2',
        '-c:v',
        'libx264',
        '-g',
        '20',
        '-f',
        'mpegts',
        path,
      ]);
      segments.push({ path, start: t0 + i * 2000, end: t0 + (i + 1) * 2000, bytes: statSync(path).size });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const input = (clipId: string, timeoutMs: number) => ({
    clipId,
    from: t0,
    to: t0 + 4000,
    motionAt: t0 + 1000,
    segments,
    segmentSeconds: 2,
    maxBytes: 10_000_000,
    timeoutMs,
  });

  it('assembles a playable MP4 and a thumbnail from the segments (the control)', async () => {
    const result = await assembler.assemble(dir, input('ok', 20_000));
    expect(result.durationMs).toBeGreaterThan(3500);
    expect(existsSync(result.clipPath)).toBe(true);
    expect(existsSync(result.thumbnailPath)).toBe(true);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('kills ffmpeg past its timeout, rejects, and leaves neither a clip nor a partial file', async () => {
    await expect(assembler.assemble(dir, input('killed', 1))).rejects.toThrow(MediaError);
    expect(existsSync(join(dir, 'clips', 'killed'))).toBe(false);
  });

  it('refuses to assemble over a hole in the video, naming the missing span', async () => {
    const holed = { ...input('holed', 20_000), to: t0 + 8000 };
    await expect(assembler.assemble(dir, holed)).rejects.toThrow(/stream was lost from/);
  });
});
