import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';

/** Collects a binary body (supertest would otherwise try to parse it). */
const binary = (
  res: NodeJS.ReadableStream & { on: (e: string, cb: (chunk?: Buffer) => void) => void },
  done: (e: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * The endpoint serves the configured file's bytes as they are, in ranges: a PMTiles reader asks
 * for the 127-byte header first, then directories and tiles by offset. No PMTiles writer exists
 * for Node, so the file here is the v3 magic followed by random bytes: what is tested is the Range
 * serving, which is all the endpoint does.
 */
describe('GET /map/basemap.pmtiles: the offline basemap, in byte ranges', () => {
  let h: ApiHarness;
  let resident: TestUser;
  let officer: TestUser;
  let dir: string;
  let path: string;
  const file = Buffer.concat([Buffer.from('PMTiles'), Buffer.from([3]), randomBytes(200_000)]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardwatch-basemap-e2e-'));
    path = join(dir, 'ward.pmtiles');
    await writeFile(path, file);
    h = await startApi({ MAP_BASEMAP_PMTILES: path });
    resident = await h.user('resident');
    officer = await h.user('officer');
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });
  const get = (user: TestUser | null, range?: string) => {
    let req = h
      .http()
      .get('/map/basemap.pmtiles')
      .buffer(true)
      .parse(binary as never);
    if (user) req = req.set('Authorization', `Bearer ${user.token}`);
    if (range) req = req.set('Range', range);
    return req;
  };

  it('GET /settings says there is a basemap', async () => {
    const res = await h.http().get('/settings').expect(200);
    expect(res.body.map).toEqual({ basemap: true });
  });

  it('serves the whole file to any signed-in user, with Accept-Ranges, ETag and Last-Modified', async () => {
    for (const user of [resident, officer]) {
      const res = await get(user).expect(200);
      expect((res.body as Buffer).equals(file)).toBe(true);
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['content-type']).toBe('application/vnd.pmtiles');
      expect(res.headers['content-length']).toBe(String(file.length));
      expect(res.headers.etag).toEqual(expect.any(String));
      expect(new Date(res.headers['last-modified']).getTime()).not.toBeNaN();
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
    await h.http().get('/map/basemap.pmtiles').expect(401);
  });

  it('answers a range with 206 and the right Content-Range, as a PMTiles reader asks for its header', async () => {
    const header = await get(resident, 'bytes=0-126').expect(206);
    expect((header.body as Buffer).equals(file.subarray(0, 127))).toBe(true);
    expect(header.headers['content-range']).toBe(`bytes 0-126/${file.length}`);
    expect(header.headers['content-length']).toBe('127');

    const middle = await get(resident, 'bytes=1000-1999').expect(206);
    expect((middle.body as Buffer).equals(file.subarray(1000, 2000))).toBe(true);
    expect(middle.headers['content-range']).toBe(`bytes 1000-1999/${file.length}`);

    const tail = await get(resident, 'bytes=-10').expect(206);
    expect((tail.body as Buffer).equals(file.subarray(file.length - 10))).toBe(true);
    expect(tail.headers['content-range']).toBe(`bytes ${file.length - 10}-${file.length - 1}/${file.length}`);

    // A range past the end is cut to the file.
    const past = await get(resident, `bytes=${file.length - 5}-${file.length + 100}`).expect(206);
    expect((past.body as Buffer).length).toBe(5);
  });

  it('a range wholly outside the file: 416 map.range_not_satisfiable with Content-Range giving the size', async () => {
    const res = await h
      .http()
      .get('/map/basemap.pmtiles')
      .set('Authorization', `Bearer ${resident.token}`)
      .set('Range', `bytes=${file.length + 10}-${file.length + 20}`)
      .expect(416);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'map.range_not_satisfiable', status: 416 });
    expect(res.headers['content-range']).toBe(`bytes */${file.length}`);
  });

  it('revalidates: 304 for a matching ETag; If-Range with a stale ETag gets the whole file', async () => {
    const first = await get(resident).expect(200);
    const etag = first.headers.etag;
    await h.http().get('/map/basemap.pmtiles').set('Authorization', `Bearer ${resident.token}`).set('If-None-Match', etag).expect(304);
    const stale = await get(resident, 'bytes=0-9').set('If-Range', '"stale"').expect(200);
    expect((stale.body as Buffer).length).toBe(file.length);
    const fresh = await get(resident, 'bytes=0-9').set('If-Range', etag).expect(206);
    expect((fresh.body as Buffer).length).toBe(10);
  });

  it('when the file is gone: 404 map.no_basemap, and /settings says there is none', async () => {
    await rm(path);
    const res = await h.http().get('/map/basemap.pmtiles').set('Authorization', `Bearer ${resident.token}`).expect(404);
    expect(res.body).toMatchObject({ code: 'map.no_basemap' });
    expect((await h.http().get('/settings').expect(200)).body.map).toEqual({ basemap: false });
  });
});
