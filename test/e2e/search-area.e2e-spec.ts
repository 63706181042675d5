import { AuditService } from '@wardwatch/audit';
import { viewCone } from '@wardwatch/cameras';
import { buildAreaCoverageSql, buildCameraSearchSql, SEARCH_BOUNDS } from '@wardwatch/search';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';

const FROM = '2026-11-28T00:00:00.000Z';
const TO = '2026-11-29T00:00:00.000Z';
const ALL = ['event_metadata', 'clips', 'police_search'];

interface Position {
  latitude: number;
  longitude: number;
}
type Ring = [number, number][];
interface Polygon {
  type: 'Polygon';
  coordinates: Ring[];
}
interface Hit {
  id: string;
  label: string;
  distanceM: number | null;
  distanceToAreaM: number | null;
  viewCone: Polygon | null;
  coverage: { viewCovers: boolean; coveredFraction: number | null };
}
interface Page {
  items: Hit[];
  next: string | null;
  place: { kind: string };
  area: Polygon | null;
  areaM2: number | null;
  uncovered: { type: 'MultiPolygon'; coordinates: Ring[][] } | null;
  uncoveredFraction: number | null;
}

/** Metres to degrees near 10.79 N (close enough for laying out a test; PostGIS measures the truth). */
const north = (m: number) => m / 110_600;
const east = (m: number) => m / (111_320 * Math.cos((10.79 * Math.PI) / 180));
const at = (p: Position, eastM: number, northM: number): Position => ({
  latitude: p.latitude + north(northM),
  longitude: p.longitude + east(eastM),
});
/** A square of side `sizeM` with its south-west corner at `sw`, counter-clockwise. */
const square = (sw: Position, sizeM: number): Polygon => {
  const corners = [at(sw, 0, 0), at(sw, sizeM, 0), at(sw, sizeM, sizeM), at(sw, 0, sizeM), at(sw, 0, 0)];
  return { type: 'Polygon', coordinates: [corners.map((c) => [c.longitude, c.latitude] as [number, number])] };
};

describe('officers search a drawn area or a circle: view cones first, and what no lending camera sees', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  let resident: TestUser;
  let wardId = '';
  const cam: Record<string, string> = {};
  let port = 2000;

  /** Square 1 (60 m): only one lending camera looks into it, at its east half; two that do not lend cover all of it. */
  const SW1: Position = { latitude: 10.785, longitude: 106.685 };
  const S1 = square(SW1, 60);
  const CENTRE1 = at(SW1, 30, 30);
  /** Square 2 (60 m), 600 m further north: one lending camera covers it all, others part of it, others stand near. */
  const SW2: Position = at(SW1, 0, 600);
  const S2 = square(SW2, 60);

  async function camera(
    key: string,
    p: Position,
    view: { azimuthDeg: number; fieldOfViewDeg: number; rangeM: number } | null,
    consents: { state: string; purposes: string[] }[],
    options: { lifecycle?: string; removed?: boolean } = {},
  ): Promise<void> {
    const { rows } = await h.db.owner.query<{ id: string }>(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health,
         last_probed_at, view_azimuth_deg, view_angle_deg, view_range_m, removed_at)
       VALUES ($1, $2, $3, 'Võ Nguyên Giáp', $4, $5, $6, '10.88.0.9', $7, '/onvif/device_service', 'sealed', '{}', 'Profile_1',
         'rtsp://10.88.0.9/secret-stream', 'H264', 320, 240, 0, $8, 'online', now(), $9, $10, $11, $12) RETURNING id`,
      [
        resident.id,
        `cam ${key}`,
        wardId,
        String(port - 1999),
        p.latitude,
        p.longitude,
        port++,
        options.lifecycle ?? 'active',
        view?.azimuthDeg ?? null,
        view?.fieldOfViewDeg ?? null,
        view?.rangeM ?? null,
        options.removed ? new Date() : null,
      ],
    );
    cam[key] = rows[0].id;
    for (const [i, c] of consents.entries()) {
      await h.db.owner.query(
        `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
         VALUES ($1, $2, $3, $4, 7, 'ask', '2026-11', 'vi', 'api', $5, now())`,
        [cam[key], i + 1, c.state, c.purposes, resident.id],
      );
    }
  }

  const post = (body: object, user: TestUser = officer) =>
    h
      .http()
      .post('/search/cameras')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ from: FROM, to: TO, ...body });
  const ids = (page: Page) => page.items.map((c) => c.id);
  // Searches and map views are queued and chained just after they answer: read the log settled, as its readers do.
  const settled = () => h.app.get(AuditService, { strict: false }).settle();
  const audits = async (action = 'search.performed') => {
    await settled();
    return (
      await h.db.owner.query<{ actor_id: string; details: Record<string, unknown>; subject_id: string | null }>(
        `SELECT actor_id, details, subject_id FROM audit_entries WHERE action = $1 ORDER BY seq`,
        [action],
      )
    ).rows;
  };

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    officer = await h.user('officer');
    supervisor = await h.user('supervisor');
    resident = await h.user('resident');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;

    // Square 1. At its centre, looking east with a 180-degree field of view: exactly its east half.
    await camera('half', CENTRE1, { azimuthDeg: 90, fieldOfViewDeg: 180, rangeM: 200 }, [{ state: 'given', purposes: ALL }]);
    // Looking into all of it from the south-west corner, but not lent to the police (or paused, or withdrawn).
    const wholeFromCorner = { azimuthDeg: 45, fieldOfViewDeg: 90, rangeM: 200 };
    await camera('nopolice', at(SW1, -1, -1), wholeFromCorner, [{ state: 'given', purposes: ['event_metadata', 'clips'] }]);
    await camera('pausedConsent', at(SW1, -2, -1), wholeFromCorner, [
      { state: 'given', purposes: ALL },
      { state: 'paused', purposes: ALL },
    ]);
    await camera('withdrawn', at(SW1, -1, -2), wholeFromCorner, [
      { state: 'given', purposes: ALL },
      { state: 'withdrawn', purposes: ALL },
    ]);
    await camera('removed', at(SW1, -3, -2), wholeFromCorner, [{ state: 'withdrawn', purposes: ALL }], { removed: true });
    await camera('pendingCamera', at(SW1, 10, 10), null, [], { lifecycle: 'pending' });

    // Square 2.
    await camera('whole', at(SW2, -1, -1), wholeFromCorner, [{ state: 'given', purposes: ALL }]);
    // 30 m east of the east edge, looking west 40 m: a sliver of the square.
    await camera('sliver', at(SW2, 90, 30), { azimuthDeg: 270, fieldOfViewDeg: 30, rangeM: 40 }, [{ state: 'given', purposes: ALL }]);
    // 150 m north, looking south 200 m with a narrow view: far away, yet it sees part of the square.
    await camera('farLooking', at(SW2, 30, 210), { azimuthDeg: 180, fieldOfViewDeg: 20, rangeM: 200 }, [{ state: 'given', purposes: ALL }]);
    // Inside without a direction, 30 m outside without one, 30 m outside looking away, and 300 m away.
    await camera('inside', at(SW2, 20, 20), null, [{ state: 'given', purposes: ALL }]);
    await camera('nearby', at(SW2, -30, 30), null, [{ state: 'given', purposes: ALL }]);
    await camera('lookingAway', at(SW2, -40, 30), { azimuthDeg: 270, fieldOfViewDeg: 60, rangeM: 100 }, [
      { state: 'given', purposes: ALL },
    ]);
    await camera('far', at(SW2, -300, 30), null, [{ state: 'given', purposes: ALL }]);

    await h.db.owner.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at) VALUES ($1, 'offline', '2026-11-28T03:00:00Z', NULL),
         ($1, 'subscription_lost', '2026-11-27T03:00:00Z', '2026-11-27T04:00:00Z')`,
      [cam.inside],
    );
    await h.db.owner.query(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, clock_offset_ms, dedupe_key)
       VALUES ($1, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=R', '2026-11-28T10:00:00Z', '2026-11-28T10:00:20Z',
         '2026-11-28T10:00:00Z', 0, $2)`,
      [cam.whole, 'area-whole'.padEnd(40, '-')],
    );
  });
  afterAll(() => h.close());

  it('builds the same view cone in PostGIS as in TypeScript (every corner within 1 m)', async () => {
    const cases = [
      { latitude: 10.79, longitude: 106.69, azimuthDeg: 0, fieldOfViewDeg: 90, rangeM: 30 },
      { latitude: 21.3895, longitude: 103.0312, azimuthDeg: 359, fieldOfViewDeg: 10, rangeM: 200 },
      { latitude: 21.3895, longitude: 103.0312, azimuthDeg: 135, fieldOfViewDeg: 180, rangeM: 5 },
      { latitude: -33.86, longitude: 151.21, azimuthDeg: 270, fieldOfViewDeg: 73, rangeM: 120 },
      { latitude: 10.79, longitude: 179.9995, azimuthDeg: 90, fieldOfViewDeg: 60, rangeM: 150 },
    ];
    for (const c of cases) {
      const ts = viewCone(c, c).coordinates[0];
      const { rows } = await h.db.owner.query<{ lon: number; lat: number }>(
        `SELECT ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat FROM ST_DumpPoints(camera_view_cone($1, $2, $3, $4, $5)::geometry) d ORDER BY d.path`,
        [c.latitude, c.longitude, c.azimuthDeg, c.fieldOfViewDeg, c.rangeM],
      );
      expect(rows.length).toBe(ts.length);
      const { rows: apart } = await h.db.owner.query<{ m: number }>(
        `SELECT max(ST_Distance(ST_SetSRID(ST_MakePoint(a.lon, a.lat), 4326)::geography, ST_SetSRID(ST_MakePoint(b.lon, b.lat), 4326)::geography)) AS m
         FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[]) AS x(alon, alat, blon, blat),
              LATERAL (SELECT x.alon AS lon, x.alat AS lat) a, LATERAL (SELECT x.blon AS lon, x.blat AS lat) b`,
        [ts.map((p) => p[0]), ts.map((p) => p[1]), rows.map((r) => r.lon), rows.map((r) => r.lat)],
      );
      expect(apart[0].m).toBeLessThan(1);
    }
  });

  it('ranks cameras whose view cone looks into the polygon first (more of it first), then those standing in or near it, nearest first', async () => {
    const page = (await post({ place: { kind: 'polygon', polygon: S2 } }).expect(200)).body as Page;
    expect(page.place).toMatchObject({ kind: 'polygon' });
    const order = ids(page);
    // Looking into it: whole, then the far camera and the sliver by how much they see.
    const looking = page.items.filter((c) => c.coverage.viewCovers);
    expect(looking.map((c) => c.id).sort()).toEqual([cam.whole, cam.sliver, cam.farLooking].sort());
    expect(order.slice(0, 3)).toEqual(looking.map((c) => c.id));
    expect(looking[0]).toMatchObject({ id: cam.whole, coverage: { viewCovers: true, coveredFraction: 1 } });
    const fractions = looking.map((c) => c.coverage.coveredFraction!);
    expect(fractions).toEqual([...fractions].sort((a, b) => b - a));
    const sliver = page.items.find((c) => c.id === cam.sliver)!;
    // The ring between 30 m and 40 m from the camera, 30 degrees wide: about 180 m² of 3600 m².
    expect(sliver.coverage.coveredFraction).toBeGreaterThan(0.03);
    expect(sliver.coverage.coveredFraction).toBeLessThan(0.08);
    expect(sliver.distanceToAreaM).toBeGreaterThan(25);
    // Then the cameras that stand in it or within 50 m, nearest the area first; the one looking away only counts as near.
    expect(order.slice(3)).toEqual([cam.inside, cam.nearby, cam.lookingAway]);
    const inside = page.items.find((c) => c.id === cam.inside)!;
    expect(inside).toMatchObject({ distanceToAreaM: 0, viewCone: null, coverage: { viewCovers: false, coveredFraction: null } });
    expect(page.items.find((c) => c.id === cam.lookingAway)!.coverage).toEqual({ viewCovers: false, coveredFraction: 0 });
    expect(order).not.toContain(cam.far);
    // The cone as the map draws it.
    expect(page.items[0].viewCone).toEqual(viewCone(at(SW2, -1, -1), { azimuthDeg: 45, fieldOfViewDeg: 90, rangeM: 200 }));
    // All of it is seen.
    expect(page.uncovered).toEqual({ type: 'MultiPolygon', coordinates: [] });
    expect(page.uncoveredFraction).toBe(0);
    expect(page.areaM2).toBeGreaterThan(3400);
    expect(page.areaM2).toBeLessThan(3800);
    expect(page.area).toMatchObject({ type: 'Polygon' });
  });

  it('pages through the cone ranking with the keyset cursor: every camera once, in the same order', async () => {
    const whole = ids((await post({ place: { kind: 'polygon', polygon: S2 } }).expect(200)).body as Page);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = (await post({ place: { kind: 'polygon', polygon: S2 }, limit: 2, ...(cursor ? { cursor } : {}) }).expect(200))
        .body;
      seen.push(...ids(page));
      // Coverage is of all the consenting cameras on every page, not of the page.
      expect(page.uncoveredFraction).toBe(0);
      cursor = page.next;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(whole);
    expect(pages).toBe(3);
  });

  it('says what no lending camera sees; cameras not lent to the police neither appear nor count as seeing', async () => {
    const page = (await post({ place: { kind: 'polygon', polygon: S1 } }).expect(200)).body as Page;
    expect(ids(page)).toEqual([cam.half]);
    expect(page.items[0].coverage.coveredFraction).toBeCloseTo(0.5, 2);
    // The west half is unseen: about 1800 m² of 3600 m² (nopolice, pausedConsent, withdrawn and removed all look at it).
    expect(page.uncoveredFraction).toBeCloseTo(0.5, 2);
    expect(page.uncovered!.coordinates.length).toBe(1);
    const unseenLons = page.uncovered!.coordinates[0][0].map(([lon]) => lon);
    expect(Math.max(...unseenLons)).toBeCloseTo(CENTRE1.longitude, 6);
    expect(Math.min(...unseenLons)).toBeCloseTo(SW1.longitude, 6);
    const text = JSON.stringify(page);
    for (const hidden of ['nopolice', 'pausedConsent', 'withdrawn', 'removed', 'pendingCamera']) {
      expect(text).not.toContain(cam[hidden]);
      expect(text).not.toContain(`cam ${hidden}`);
    }
  });

  it('answers a circle (POST) and a radius (GET) the same way, with the circle as a polygon', async () => {
    const centre = at(SW2, 30, 30);
    const body = (await post({ place: { kind: 'circle', ...centre, radiusM: 30 } }).expect(200)).body as Page;
    const query = (
      await h
        .http()
        .get('/search/cameras')
        .query({ lat: centre.latitude, lon: centre.longitude, radiusM: 30, from: FROM, to: TO })
        .set('Authorization', `Bearer ${officer.token}`)
        .expect(200)
    ).body as Page;
    expect(ids(query)).toEqual(ids(body));
    expect(query.uncoveredFraction).toBe(body.uncoveredFraction);
    expect(body.place).toMatchObject({ kind: 'radius', radiusM: 30 });
    expect(body.items[0]).toMatchObject({ id: cam.whole, coverage: { viewCovers: true, coveredFraction: 1 } });
    expect(body.area!.coordinates[0].length).toBe(65);
    // π·30² ≈ 2827 m² (the 64-gon a little less).
    expect(body.areaM2).toBeGreaterThan(2780);
    expect(body.areaM2).toBeLessThan(2830);
    expect(body.uncoveredFraction).toBe(0);
    // Street and ward searches have no area.
    const ward = (await post({ place: { kind: 'ward', wardId } }).expect(200)).body as Page;
    expect(ward).toMatchObject({ area: null, areaM2: null, uncovered: null, uncoveredFraction: null });
    expect(ward.items.find((c) => c.id === cam.whole)!.coverage).toEqual({ viewCovers: false, coveredFraction: null });
    const street = (await post({ place: { kind: 'street', street: 'vo nguyen giap', houseFrom: 1, houseTo: 9 } }).expect(200)).body as Page;
    expect(street.items.length).toBeGreaterThan(0);
    expect(street.uncovered).toBeNull();
  });

  it('audits a body search exactly like the query one', async () => {
    const before = (await audits()).length;
    const res = await post({ place: { kind: 'polygon', polygon: S2 } }, supervisor).expect(200);
    const entries = await audits();
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)).toMatchObject({
      actor_id: supervisor.id,
      details: {
        place: { kind: 'polygon', polygon: S2 },
        from: FROM,
        to: TO,
        page: 'first',
        investigationId: null,
        results: { cameras: (res.body as Page).items.length, more: false, uncoveredFraction: 0 },
        cameraIds: ids(res.body as Page),
      },
    });
  });

  const bowTie: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [106.685, 10.785],
        [106.686, 10.786],
        [106.686, 10.785],
        [106.685, 10.786],
        [106.685, 10.785],
      ],
    ],
  };
  const manyCorners: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        ...Array.from({ length: 201 }, (_, i) => {
          const a = (2 * Math.PI * i) / 201;
          return [106.69 + 0.001 * Math.cos(a), 10.79 + 0.001 * Math.sin(a)] as [number, number];
        }),
        [106.691, 10.79],
      ],
    ],
  };
  const ring = S2.coordinates[0];
  it.each([
    [
      'an unclosed ring',
      { kind: 'polygon', polygon: { type: 'Polygon', coordinates: [ring.slice(0, 4)] } },
      'search.invalid_area',
      /must be closed/,
    ],
    ['a ring that crosses itself', { kind: 'polygon', polygon: bowTie }, 'search.invalid_area', /not valid \(Self-intersection/],
    ['a hole', { kind: 'polygon', polygon: { type: 'Polygon', coordinates: [ring, ring] } }, 'search.invalid_area', /exactly one ring/],
    ['201 corners', { kind: 'polygon', polygon: manyCorners }, 'search.invalid_area', /at most 200 corners; it has 201/],
    [
      'latitude first',
      { kind: 'polygon', polygon: { type: 'Polygon', coordinates: [ring.map(([lon, lat]) => [lat, lon])] } },
      'search.invalid_area',
      /position 0 is not \[longitude, latitude\]/,
    ],
    [
      'two corners',
      { kind: 'polygon', polygon: { type: 'Polygon', coordinates: [[ring[0], ring[1], ring[0]]] } },
      'search.invalid_area',
      /at least 3 corners/,
    ],
    [
      'a MultiPolygon',
      { kind: 'polygon', polygon: { type: 'MultiPolygon', coordinates: [[ring]] } },
      'search.invalid_area',
      /GeoJSON Polygon/,
    ],
    ['no polygon', { kind: 'polygon' }, 'search.invalid_area', /place.polygon is required/],
    [
      '4 km square',
      { kind: 'polygon', polygon: square(SW1, 4000) },
      'search.area_too_large',
      /covers 16\.\d\d km²; it may cover at most 12\.57 km²/,
    ],
    ['an unknown kind', { kind: 'triangle' }, 'search.invalid_place', /place.kind must be one of street, circle, polygon, ward/],
    ['a field of another kind', { kind: 'circle', ...CENTRE1, radiusM: 50, polygon: S1 }, 'search.invalid_place', /not polygon/],
    ['a radius too large', { kind: 'circle', ...CENTRE1, radiusM: 5000 }, 'search.invalid_radius', /radiusM must be between 1 and 2000/],
    [
      'a latitude as text',
      { kind: 'circle', latitude: '10.7', longitude: 106.6, radiusM: 5 },
      'search.invalid_radius',
      /place.latitude must be a number/,
    ],
    ['a ward that is not an id', { kind: 'ward', wardId: 'an-binh' }, 'search.invalid_place', /wardId must be a ward id/],
  ])('refuses %s with a 400 that says what to fix, and audits nothing', async (_, place, code, message) => {
    const before = (await audits()).length;
    const res = await post({ place }).expect(400);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toMatch(message);
    expect((await audits()).length).toBe(before);
  });

  it('refuses a missing window, a bad limit and an unknown field like the query form does', async () => {
    const place = { kind: 'polygon', polygon: S2 };
    const noFrom = await h
      .http()
      .post('/search/cameras')
      .set('Authorization', `Bearer ${officer.token}`)
      .send({ place, to: TO })
      .expect(400);
    // The same field error as GET /search/cameras without from.
    const noFromQuery = await h
      .http()
      .get('/search/cameras')
      .query({ street: 'vo nguyen giap', to: TO })
      .set('Authorization', `Bearer ${officer.token}`)
      .expect(400);
    expect(noFrom.body).toMatchObject({ code: noFromQuery.body.code, detail: expect.stringMatching(/from is required/) });
    expect((await post({ place, to: '2026-11-29T01:00:00Z' }).expect(400)).body.code).toBe('search.window_too_long');
    expect((await post({ place, limit: 51 }).expect(400)).body.detail).toMatch(/limit must be a whole number between 1 and 50/);
    expect((await post({ place, stream: true }).expect(400)).body.detail).toMatch(/stream is not a field of this request/);
    expect((await post({ place: 'here' }).expect(400)).body.detail).toMatch(/place must be an object/);
    expect((await post({ place, cursor: 'bm90LWEtY3Vyc29y' }).expect(400)).body.code).toBe('validation.bad_cursor');
    // The largest circle's area is the bound; a square just inside it is searched.
    const side = Math.floor(Math.sqrt(SEARCH_BOUNDS.maxAreaM2)) - 20;
    await post({ place: { kind: 'polygon', polygon: square(SW1, side) } }).expect(200);
  });

  it('serves the area search and its coverage from the cone and location GiST indexes (EXPLAIN)', async () => {
    const plan = async (sql: { text: string; values: unknown[] }) => {
      await h.db.owner.query('BEGIN');
      try {
        // With a dozen cameras a sequential scan is cheaper; forbid it to prove the indexes can serve the query.
        await h.db.owner.query('SET LOCAL enable_seqscan = off');
        const { rows } = await h.db.owner.query(`EXPLAIN ${sql.text}`, sql.values);
        return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      } finally {
        await h.db.owner.query('ROLLBACK');
      }
    };
    const place = { kind: 'polygon' as const, polygon: S2 };
    const search = await plan(buildCameraSearchSql({ place, from: new Date(FROM), to: new Date(TO), after: null, limit: 20 }));
    expect(search).toContain('idx_cameras_view_cone');
    expect(search).toContain('idx_cameras_location');
    expect(search).toMatch(/BitmapOr/);
    const coverage = await plan(buildAreaCoverageSql(place));
    expect(coverage).toContain('idx_cameras_view_cone');
  });
});

describe("the officers' camera map layer", () => {
  let h: ApiHarness;
  let officer: TestUser;
  let resident: TestUser;
  let wardId = '';
  const cam: Record<string, string> = {};
  let port = 3000;

  async function camera(key: string, lifecycle: string, consents: { state: string; purposes: string[] }[], removed = false): Promise<void> {
    const { rows } = await h.db.owner.query<{ id: string }>(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health,
         last_probed_at, view_azimuth_deg, view_angle_deg, view_range_m, removed_at)
       VALUES ($1, $2, $3, 'Trần Đăng Ninh', $4, $5, 106.69, '10.88.0.9', $6, '/onvif/device_service', 'sealed', '{}', 'Profile_1',
         'rtsp://10.88.0.9/secret-stream', 'H264', 320, 240, 0, $7, 'online', now(), 90, 60, 40, $8) RETURNING id`,
      [
        resident.id,
        `label ${key}`,
        wardId,
        `${port - 2990}`,
        10.79 + (port - 3000) * 0.0001,
        port++,
        lifecycle,
        removed ? new Date() : null,
      ],
    );
    cam[key] = rows[0].id;
    for (const [i, c] of consents.entries()) {
      await h.db.owner.query(
        `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at,
           active_hours)
         VALUES ($1, $2, $3, $4, 7, 'ask', '2026-11', 'vi', 'api', $5, now(), $6)`,
        [cam[key], i + 1, c.state, c.purposes, resident.id, key === 'nightOnly' ? JSON.stringify({ from: '22:00', to: '06:00' }) : null],
      );
    }
  }

  beforeAll(async () => {
    h = await startApi();
    const admin = await h.user('admin');
    officer = await h.user('officer');
    resident = await h.user('resident');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
    await camera('lent', 'active', [{ state: 'given', purposes: ALL }]);
    await camera('nightOnly', 'active', [{ state: 'given', purposes: ALL }]);
    await camera('noPolice', 'active', [{ state: 'given', purposes: ['event_metadata', 'clips'] }]);
    await camera('consentPaused', 'active', [
      { state: 'given', purposes: ALL },
      { state: 'paused', purposes: ALL },
    ]);
    await camera('cameraPaused', 'paused', [{ state: 'given', purposes: ALL }]);
    await camera('pending', 'pending', []);
    await camera('withdrawn', 'withdrawn', [
      { state: 'given', purposes: ALL },
      { state: 'withdrawn', purposes: ALL },
    ]);
    await camera('consentWithdrawn', 'active', [{ state: 'withdrawn', purposes: ALL }]);
    await camera('removed', 'active', [{ state: 'given', purposes: ALL }], true);
    await h.db.owner.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at) VALUES ($1, 'offline', '2026-11-28T03:00:00Z', NULL)`,
      [cam.lent],
    );
    // For the night-only camera (22:00-06:00 in Ho Chi Minh City) 23:00 counts, and 09:00 the next morning does not.
    for (const [i, [key, startedAt]] of [
      ['lent', '2026-11-28T05:00:00Z'],
      ['lent', '2026-11-28T09:00:00Z'],
      ['nightOnly', '2026-11-28T16:00:00Z'],
      ['nightOnly', '2026-11-29T02:00:00Z'],
    ].entries()) {
      await h.db.owner.query(
        `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, clock_offset_ms, dedupe_key)
         VALUES ($1, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=R', $2, $2::timestamptz + interval '10 seconds', $2, 0, $3)`,
        [cam[key], startedAt, `layer-${i}`.padEnd(40, '-')],
      );
    }
  });
  afterAll(() => h.close());

  interface Layer {
    wardId: string;
    cameras: {
      id: string;
      label: string;
      openGap: object | null;
      lastEventAt: string | null;
      viewCone: Polygon | null;
      searchable: boolean;
    }[];
    notSearchable: object[];
  }

  it('shows lent cameras in full and every other enrolled camera by its position only; withdrawn and removed not at all', async () => {
    const res = await h.http().get(`/wards/${wardId}/cameras`).set('Authorization', `Bearer ${officer.token}`).expect(200);
    const layer = res.body as Layer;
    expect(layer.wardId).toBe(wardId);
    expect(layer.cameras.map((c) => c.id).sort()).toEqual([cam.lent, cam.nightOnly].sort());
    const lent = layer.cameras.find((c) => c.id === cam.lent)!;
    expect(lent).toMatchObject({
      label: 'label lent',
      street: 'Trần Đăng Ninh',
      health: 'online',
      searchable: true,
      openGap: { reason: 'offline', startedAt: '2026-11-28T03:00:00.000Z' },
      lastEventAt: '2026-11-28T09:00:00.000Z',
      viewCone: { type: 'Polygon' },
    });
    expect(layer.cameras.find((c) => c.id === cam.nightOnly)).toMatchObject({ openGap: null, lastEventAt: '2026-11-28T16:00:00.000Z' });
    // noPolice, consentPaused, cameraPaused, pending: where they are, nothing else.
    expect(layer.notSearchable).toHaveLength(4);
    for (const entry of layer.notSearchable) {
      expect(Object.keys(entry)).toEqual(['location']);
      expect(Object.keys((entry as { location: object }).location).sort()).toEqual(['latitude', 'longitude']);
    }
    const text = JSON.stringify(layer);
    for (const hidden of ['noPolice', 'consentPaused', 'cameraPaused', 'pending', 'withdrawn', 'consentWithdrawn', 'removed']) {
      expect(text).not.toContain(cam[hidden]);
      expect(text).not.toContain(`label ${hidden}`);
    }
    for (const secret of [resident.id, 'rtsp', '10.88.0.9', 'sealed']) expect(text).not.toContain(secret);
  });

  it('audits every view with the counts, and answers 404 for an unknown ward', async () => {
    await h.http().get(`/wards/${wardId}/cameras`).set('Authorization', `Bearer ${officer.token}`).expect(200);
    // The view is queued and chained just after it answers: read the log settled, as its readers do.
    await h.app.get(AuditService, { strict: false }).settle();
    const { rows } = await h.db.owner.query(
      `SELECT actor_id, subject_type, subject_id, details FROM audit_entries WHERE action = 'camera_map.viewed' ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({
      actor_id: officer.id,
      subject_type: 'ward',
      subject_id: wardId,
      details: { wardId, searchable: 2, notSearchable: 4 },
    });
    const res = await h
      .http()
      .get('/wards/5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b/cameras')
      .set('Authorization', `Bearer ${officer.token}`)
      .expect(404);
    expect(res.body.code).toBe('ward.not_found');
  });
});
