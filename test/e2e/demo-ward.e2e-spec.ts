import { join } from 'node:path';
import { readWardSeed, seedCameras, seedStreets, seedWard, streetImportBody, wardImportBody } from '@wardwatch/places';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { REPO_ROOT } from '../support/test-environment';

/** The demo ward (synthetic), as the demo, the tests and the officers' map read it. */
const seed = readWardSeed(join(REPO_ROOT, 'config', 'demo', 'him-lam.geojson'));

describe('the demo ward, Him Lam (config/demo/him-lam.geojson), imported through the API', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let officer: TestUser;
  let wardId: string;

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    officer = await h.user('officer');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(wardImportBody(seed)).expect(201);
    expect(wards.body).toEqual([expect.objectContaining({ code: 'him-lam', hasBoundary: true })]);
    wardId = (wards.body as { id: string }[])[0].id;
    const streets = await h
      .http()
      .post(`/wards/${wardId}/streets/import`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send(streetImportBody(seed))
      .expect(201);
    expect((streets.body as { streets: unknown[] }).streets).toHaveLength(seedStreets(seed).length);
  });
  afterAll(async () => {
    await h.close();
  });

  it('says it is synthetic, and has about 350 cameras of tens of residents, a handful with video', () => {
    expect(seed.synthetic).toBe(true);
    expect(seed.notice).toMatch(/SYNTHETIC/);
    expect(seedWard(seed).properties.name).toMatch(/mô phỏng/);
    const cameras = seedCameras(seed);
    expect(cameras).toHaveLength(350);
    expect(cameras.filter((c) => c.properties.video).map((c) => c.properties.number)).toEqual([1, 2, 3, 4, 5]);
    const owners = new Set(cameras.map((c) => c.properties.owner));
    expect(owners.size).toBeGreaterThanOrEqual(20);
    expect(owners.size).toBeLessThan(100);
    expect(cameras.map((c) => c.properties.number)).toEqual(cameras.map((_, i) => i + 1));
    // Event-only cameras have no stream, so their consent never asks for clips.
    expect(cameras.filter((c) => !c.properties.video && c.properties.consent.purposes.includes('clips'))).toEqual([]);
  });

  it('its stored boundary contains every street and every camera position', async () => {
    const lines = seedStreets(seed).length;
    const [streets] = (
      await h.db.owner.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE ST_Covers(w.boundary, s.geometry))::int AS inside
         FROM streets s JOIN wards w ON w.id = s.ward_id WHERE w.code = 'him-lam' AND s.geometry IS NOT NULL`,
      )
    ).rows as { n: number; inside: number }[];
    expect(streets).toEqual({ n: lines, inside: lines });

    const points = seedCameras(seed).map((c) => c.geometry.coordinates);
    const outside = (
      await h.db.owner.query(
        `SELECT p.i FROM wards w, unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)
         WHERE w.code = 'him-lam' AND NOT ST_Covers(w.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography)`,
        [points.map(([lon]) => lon), points.map(([, lat]) => lat)],
      )
    ).rows as { i: string }[];
    expect(outside).toEqual([]);
    // Near 21.39 N, 103.03 E (Điện Biên Phủ), and every camera stands close to its street (houses line it).
    const [centre] = (
      await h.db.owner.query(
        `SELECT ST_Y(ST_Centroid(boundary::geometry)) AS lat, ST_X(ST_Centroid(boundary::geometry)) AS lon FROM wards WHERE code = 'him-lam'`,
      )
    ).rows as { lat: number; lon: number }[];
    expect(centre.lat).toBeCloseTo(21.39, 1);
    expect(centre.lon).toBeCloseTo(103.03, 1);

    const cameras = seedCameras(seed).map((c) => c.properties);
    const far = (
      await h.db.owner.query(
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE ST_Distance(s.geometry, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography) > 20)::int AS far
         FROM unnest($1::float8[], $2::float8[], $3::text[]) WITH ORDINALITY AS p(lon, lat, street, i)
         JOIN streets s ON s.name = p.street JOIN wards w ON w.id = s.ward_id AND w.code = 'him-lam'`,
        [points.map(([lon]) => lon), points.map(([, lat]) => lat), cameras.map((c) => (c.alley ? `${c.alley} ${c.street}` : c.street))],
      )
    ).rows as { n: number; far: number }[];
    expect(far).toEqual([{ n: cameras.length, far: 0 }]);
  });

  it('lists its streets with the names as written, NFC, and every camera address names one of them', async () => {
    const res = await h.http().get(`/wards/${wardId}/streets`).set('Authorization', `Bearer ${officer.token}`).expect(200);
    const names = (res.body as { items: { name: string; hasGeometry: boolean }[] }).items.map((s) => s.name);
    expect(names.sort()).toEqual(
      seedStreets(seed)
        .map((s) => s.properties.name)
        .sort(),
    );
    for (const name of names) expect(name).toBe(name.normalize('NFC'));
    expect(names).toEqual(
      expect.arrayContaining(['Võ Nguyên Giáp', 'Hoàng Văn Thái', 'Nguyễn Chí Thanh', 'Trần Đăng Ninh', 'Sùng Phái Sinh']),
    );
    for (const { properties: c } of seedCameras(seed)) {
      expect(names).toContain(c.street);
      if (c.alley) expect(names).toContain(`${c.alley} ${c.street}`);
      expect(c.label).toBe(c.label.normalize('NFC'));
      expect(c.residentialGroup).toMatch(/^Tổ dân phố \d+$/);
    }
  });

  it.each([
    ['hoang van thai', 'Hoàng Văn Thái'],
    ['VO NGUYEN GIAP', 'Võ Nguyên Giáp'],
    ['sung phai sinh', 'Sùng Phái Sinh'],
    ['tran dang ninh', 'Trần Đăng Ninh'],
    ['ngo 35 hoang van thai', 'Ngõ 35 Hoàng Văn Thái'],
  ])('a street search without diacritics ("%s") finds %s first', async (q, street) => {
    const res = await h.http().get(`/wards/${wardId}/streets`).query({ q }).set('Authorization', `Bearer ${officer.token}`).expect(200);
    expect((res.body as { items: { name: string }[] }).items[0]?.name).toBe(street);
  });

  it('draws as a map without tiles: GET /wards/:id/map is the boundary and every street line, for any signed-in role', async () => {
    const resident = await h.user('resident');
    for (const user of [resident, officer]) {
      const res = await h.http().get(`/wards/${wardId}/map`).set('Authorization', `Bearer ${user.token}`).expect(200);
      const map = res.body as {
        type: string;
        bbox: number[];
        features: { properties: { layer: string; name: string }; geometry: { type: string } }[];
      };
      expect(map.type).toBe('FeatureCollection');
      const ring = seedWard(seed).geometry.coordinates[0];
      const lons = ring.map(([lon]) => lon);
      const lats = ring.map(([, lat]) => lat);
      expect(map.bbox).toEqual([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
      expect(map.features[0]).toMatchObject({ properties: { layer: 'ward', code: 'him-lam' }, geometry: { type: 'MultiPolygon' } });
      const streets = map.features.filter((f) => f.properties.layer === 'street');
      expect(streets.map((f) => f.geometry.type)).toEqual(streets.map(() => 'MultiLineString'));
      expect(streets.map((f) => f.properties.name).sort()).toEqual(
        seedStreets(seed)
          .map((s) => s.properties.name)
          .sort(),
      );
      // Small enough for a phone: the demo ward's boundary and 19 lines.
      expect(JSON.stringify(map).length).toBeLessThan(20_000);
    }
    await h.http().get(`/wards/${wardId}/map`).expect(401);
    const missing = await h
      .http()
      .get('/wards/00000000-0000-4000-8000-000000000000/map')
      .set('Authorization', `Bearer ${officer.token}`)
      .expect(404);
    expect(missing.body.code).toBe('ward.not_found');
  });
});
