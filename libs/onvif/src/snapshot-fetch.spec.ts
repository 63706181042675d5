import { looksLikeJpeg, pinnedSnapshotUrl, SnapshotError } from './snapshot-fetch';

describe('pinnedSnapshotUrl', () => {
  it('rebuilds the camera’s answer on the enrolled address, keeping its port, path and query, dropping credentials', () => {
    expect(pinnedSnapshotUrl('http://192.168.1.20/onvif/snapshot.jpg', '10.88.3.17')).toBe('http://10.88.3.17/onvif/snapshot.jpg');
    expect(pinnedSnapshotUrl('http://admin:pw@cam.local:8080/snap?ch=1&q=2', '10.88.3.17')).toBe('http://10.88.3.17:8080/snap?ch=1&q=2');
    expect(pinnedSnapshotUrl('http://[fe80::1]:81/s.jpg', '::1')).toBe('http://[::1]:81/s.jpg');
  });

  it('gives null for an address that is not plain HTTP, so the caller takes a frame of the stream', () => {
    expect(pinnedSnapshotUrl('https://10.0.0.1/s.jpg', '10.88.3.17')).toBeNull();
    expect(pinnedSnapshotUrl('rtsp://10.0.0.1/s', '10.88.3.17')).toBeNull();
  });

  it('refuses what could name another host or confuse a parser', () => {
    for (const uri of ['http://x/a\\b', 'http://x/a b', `http://x/${'a'.repeat(1100)}`, 'http://x//127.0.0.1/x']) {
      expect(() => pinnedSnapshotUrl(uri, '10.88.3.17')).toThrow(SnapshotError);
    }
  });
});

describe('looksLikeJpeg', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0xff, 0xd9]);
  it('judges by the bytes: start of image, a marker, and an end of image near the end', () => {
    expect(looksLikeJpeg(jpeg)).toBe(true);
    expect(looksLikeJpeg(Buffer.concat([jpeg, Buffer.alloc(8)]))).toBe(true);
    expect(looksLikeJpeg(Buffer.from('<html>Please log in</html>'))).toBe(false);
    expect(looksLikeJpeg(jpeg.subarray(0, 6))).toBe(false);
    expect(looksLikeJpeg(Buffer.alloc(0))).toBe(false);
  });
});
