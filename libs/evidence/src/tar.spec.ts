import { BLOCK, checkArchivePath, padding, parseTarHeader, tarEntryBytes, tarHeader, TarFormatError } from './tar';

const MTIME = new Date('2026-11-29T06:00:00.000Z');

describe('ustar headers', () => {
  it('round-trip a path and a size through one 512-byte block', () => {
    const h = tarHeader('clips/cam/clip.mp4', 1_048_909, MTIME);
    expect(h.length).toBe(BLOCK);
    expect(parseTarHeader(h)).toEqual({ path: 'clips/cam/clip.mp4', size: 1_048_909, type: '0' });
    expect(h.subarray(257, 263).toString('ascii')).toBe('ustar\0');
  });

  it('splits a long path into prefix and name', () => {
    const path = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(80)}.mp4`;
    expect(parseTarHeader(tarHeader(path, 1, MTIME))?.path).toBe(path);
  });

  it('refuses paths that would escape the extraction directory or do not fit', () => {
    for (const bad of ['/etc/passwd', '../x', 'a/../b', 'a//b', 'a/./b', 'sp ace', 'é.mp4', '']) {
      expect(() => checkArchivePath(bad)).toThrow(TarFormatError);
    }
    expect(() => tarHeader('x'.repeat(101), 1, MTIME)).toThrow(/too long/);
  });

  it('detects a damaged header', () => {
    const h = tarHeader('clips/a.mp4', 10, MTIME);
    h[3] ^= 1;
    expect(() => parseTarHeader(h)).toThrow(/damaged/);
  });

  it('reads a zero block as the end of the archive', () => {
    expect(parseTarHeader(Buffer.alloc(BLOCK))).toBeNull();
  });

  it('pads data to whole blocks', () => {
    expect(padding(0).length).toBe(0);
    expect(padding(1).length).toBe(511);
    expect(padding(512).length).toBe(0);
    expect(tarEntryBytes(513)).toBe(512 + 1024);
  });
});
