import { SegmentBuffer, type BufferedSegment } from './segment-buffer';

const seg = (i: number, bytes = 100): BufferedSegment => ({ path: `s${i}.ts`, start: i * 2000, end: (i + 1) * 2000, bytes });

describe('SegmentBuffer', () => {
  it('keeps the newest segments within the duration limit, oldest removed first', () => {
    const b = new SegmentBuffer({ maxSeconds: 10, maxBytes: 1e9 });
    for (let i = 0; i < 10; i++) b.add(seg(i));
    const removed = b.prune(null);
    expect(removed.map((s) => s.path)).toEqual(['s0.ts', 's1.ts', 's2.ts', 's3.ts', 's4.ts']);
    expect(b.count).toBe(5);
    expect(b.bytes).toBe(500);
  });

  it('keeps within the byte limit', () => {
    const b = new SegmentBuffer({ maxSeconds: 1000, maxBytes: 250 });
    for (let i = 0; i < 5; i++) b.add(seg(i));
    b.prune(null);
    expect(b.bytes).toBeLessThanOrEqual(250);
    expect(b.covering(0, 1e9).map((s) => s.path)).toEqual(['s3.ts', 's4.ts']);
  });

  it('never prunes a segment an open clip is pinned to', () => {
    const b = new SegmentBuffer({ maxSeconds: 4, maxBytes: 1e9 });
    for (let i = 0; i < 10; i++) b.add(seg(i));
    b.prune(3000); // a clip starting at 3 s needs s1 (2-4 s) onwards
    expect(b.covering(0, 1e9)[0].path).toBe('s1.ts');
  });

  it('finds the segments overlapping a window', () => {
    const b = new SegmentBuffer({ maxSeconds: 1000, maxBytes: 1e9 });
    for (let i = 0; i < 5; i++) b.add(seg(i));
    expect(b.covering(3000, 6000).map((s) => s.path)).toEqual(['s1.ts', 's2.ts']);
    expect(b.covering(10_000, 12_000)).toEqual([]);
  });
});
