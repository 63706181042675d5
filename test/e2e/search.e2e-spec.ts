import { AuditService } from '@wardwatch/audit';
import { buildCameraSearchSql } from '@wardwatch/search';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';

/** 2026-11-28 in UTC: the window every search here uses unless it says otherwise. */
const FROM = '2026-11-28T00:00:00.000Z';
const TO = '2026-11-29T00:00:00.000Z';
const at = (iso: string) => new Date(iso);

interface Hit {
  id: string;
  label: string;
  address: { street: string; houseNumber: string; ward: { code: string } };
  distanceM: number | null;
  streetSimilarity: number | null;
  consent: { policeSearch: boolean; clips: boolean; sharingMode: string; activeHours: { from: string; to: string } | null };
  events: { id: string; startedAt: string; endedAt: string | null; hasClip: boolean }[];
  eventsTruncated: boolean;
  gaps: { reason: string; startedAt: string; endedAt: string | null }[];
}
interface Page {
  items: Hit[];
  next: string | null;
  place: { kind: string };
}

describe('officers search cameras by street, radius and ward, over HTTP', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  let resident: TestUser;
  const ward: Record<string, string> = {};
  const cam: Record<string, string> = {};
  const event: Record<string, string> = {};

  /** A camera written straight into the database (enrolment's ONVIF probe is not what is tested here). */
  async function camera(
    key: string,
    wardCode: string,
    street: string,
    houseNumber: string,
    latitude: number,
    longitude: number,
    consents: { state: string; purposes: string[]; activeHours?: object }[],
  ): Promise<void> {
    const { rows } = await h.db.owner.query<{ id: string }>(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health, last_probed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '10.88.0.9', $8, '/onvif/device_service', 'sealed', '{}', 'Profile_1',
         'rtsp://10.88.0.9/secret-stream', 'H264', 320, 240, 0, 'active', 'online', now()) RETURNING id`,
      // One port per camera: an address and port has at most one active enrolment.
      [resident.id, `cam ${key}`, ward[wardCode], street, houseNumber, latitude, longitude, 1000 + Object.keys(cam).length],
    );
    cam[key] = rows[0].id;
    for (const [i, c] of consents.entries()) {
      await h.db.owner.query(
        `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, active_hours, notice_version, notice_language, method, given_by, given_at)
         VALUES ($1, $2, $3, $4, 7, 'ask', $5, '2026-11', 'vi', 'api', $6, now())`,
        [cam[key], i + 1, c.state, c.purposes, c.activeHours ? JSON.stringify(c.activeHours) : null, resident.id],
      );
    }
  }

  async function motion(key: string, cameraKey: string, startedAt: string, seconds = 20): Promise<void> {
    const { rows } = await h.db.owner.query<{ id: string }>(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, clock_offset_ms, dedupe_key)
       VALUES ($1, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=R', $2::timestamptz, $2::timestamptz + make_interval(secs => $3),
         $2::timestamptz, 0, $4) RETURNING id`,
      [cam[cameraKey], startedAt, seconds, `${key}`.padEnd(40, '-')],
    );
    event[key] = rows[0].id;
  }

  async function clip(eventKey: string, cameraKey: string, status: string): Promise<void> {
    await h.db.owner.query(
      `INSERT INTO clips (camera_id, motion_event_id, status, requested_from, requested_to, object_key, thumbnail_key, retain_until)
       SELECT $1::uuid, $2::uuid, $3, e.started_at - interval '5 seconds', e.started_at + interval '5 seconds', 'clips/secret-object.mp4', 'thumbs/secret-thumb.jpg', now() + interval '7 days' FROM motion_events e WHERE e.id = $2`,
      [cam[cameraKey], event[eventKey], status],
    );
  }

  const search = (query: Record<string, string | number>, user: TestUser = officer) =>
    h.http().get('/search/cameras').query(query).set('Authorization', `Bearer ${user.token}`);
  const window = { from: FROM, to: TO };
  const openInvestigation = async (lead: TestUser, caseNumber: string): Promise<string> =>
    (
      await h
        .http()
        .post('/investigations')
        .set('Authorization', `Bearer ${lead.token}`)
        .send({ caseNumber, title: 'Search test', summary: 'a case to search for' })
        .expect(201)
    ).body.id as string;
  const ids = (page: Page) => page.items.map((c) => c.id);
  const searchAudits = async () => {
    // Searches are queued and chained just after they answer: read the log as its readers do, settled.
    await h.app.get(AuditService, { strict: false }).settle();
    return (
      await h.db.owner.query<{ actor_id: string; investigation_id: string | null; details: Record<string, unknown> }>(
        `SELECT actor_id, investigation_id, details FROM audit_entries WHERE action = 'search.performed' ORDER BY seq`,
      )
    ).rows;
  };

  const ALL = ['event_metadata', 'clips', 'police_search'];

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    officer = await h.user('officer');
    supervisor = await h.user('supervisor');
    resident = await h.user('resident');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    for (const w of wards.body as { id: string; code: string }[]) ward[w.code] = w.id;

    // Hoàng Văn Thái in An Bình: two searchable cameras, one whose consent was withdrawn, one without police search.
    await camera('thai12', 'demo-an-binh', 'Hoàng Văn Thái', '12', 10.79, 106.69, [{ state: 'given', purposes: ALL }]);
    await camera('thai20', 'demo-an-binh', 'Hoàng Văn Thái', '20/3', 10.7905, 106.69, [
      { state: 'given', purposes: ALL, activeHours: { from: '22:00', to: '06:00' } },
    ]);
    await camera('thai40withdrawn', 'demo-an-binh', 'Hoàng Văn Thái', '40', 10.7901, 106.6901, [
      { state: 'given', purposes: ALL },
      { state: 'withdrawn', purposes: ALL },
    ]);
    await camera('thai30nopolice', 'demo-an-binh', 'hoàng văn thái', '30', 10.7902, 106.6902, [
      { state: 'given', purposes: ['event_metadata', 'clips'] },
    ]);
    await camera('thai50paused', 'demo-an-binh', 'Hoàng Văn Thái', '50', 10.7903, 106.6903, [
      { state: 'given', purposes: ALL },
      { state: 'paused', purposes: ALL },
    ]);
    await camera('thu5', 'demo-an-binh', 'Hoàng Văn Thụ', '5', 10.795, 106.695, [
      { state: 'given', purposes: ['event_metadata', 'police_search'] },
    ]);
    await camera('minhkhai1', 'demo-hoa-thuan', 'Nguyễn Thị Minh Khai', '1', 10.79, 106.71, [{ state: 'given', purposes: ALL }]);
    // Active hours given in another zone are read in that zone, not the ward's.
    await camera('phu7london', 'demo-hoa-thuan', 'Trần Phú', '7', 10.8, 106.72, [
      { state: 'given', purposes: ALL, activeHours: { from: '22:00', to: '06:00', timeZone: 'Europe/London' } },
    ]);

    await motion('thai12-a', 'thai12', '2026-11-28T10:00:00Z');
    await clip('thai12-a', 'thai12', 'stored');
    await motion('thai12-b', 'thai12', '2026-11-28T11:00:00Z');
    await clip('thai12-b', 'thai12', 'failed');
    await motion('thai12-old', 'thai12', '2026-11-26T10:00:00Z');
    await motion('thai12-running-in', 'thai12', '2026-11-27T23:59:50Z', 30);
    // 23:00 and 12:00 in Ho Chi Minh City (UTC+7): only the first is inside 22:00-06:00.
    await motion('thai20-night', 'thai20', '2026-11-28T16:00:00Z');
    await motion('thai20-noon', 'thai20', '2026-11-28T05:00:00Z');
    // 23:00 in London (06:00 next day in Ho Chi Minh City) is inside; 16:00 (23:00 in HCMC) is not.
    await motion('phu7-london-night', 'phu7london', '2026-11-28T23:00:00Z');
    await motion('phu7-london-afternoon', 'phu7london', '2026-11-28T16:00:00Z');
    await motion('withdrawn', 'thai40withdrawn', '2026-11-28T10:00:00Z');
    await motion('nopolice', 'thai30nopolice', '2026-11-28T10:00:00Z');
    await h.db.owner.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at) VALUES
         ($1, 'offline', '2026-11-28T03:00:00Z', '2026-11-28T03:30:00Z'),
         ($1, 'subscription_lost', '2026-11-28T20:00:00Z', NULL),
         ($1, 'offline', '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z')`,
      [cam.thai12],
    );
  });
  afterAll(() => h.close());

  it('finds a street with and without diacritics, only cameras whose consent allows police search', async () => {
    const plain = (await search({ street: 'hoang van thai', ...window }).expect(200)).body as Page;
    const accented = (await search({ street: 'Hoàng Văn Thái', ...window }).expect(200)).body as Page;
    const shouted = (await search({ street: '  HOÀNG   VĂN THÁI ', ...window }).expect(200)).body as Page;
    expect(ids(plain)).toEqual([cam.thai12, cam.thai20]);
    expect(ids(accented)).toEqual(ids(plain));
    expect(ids(shouted)).toEqual(ids(plain));
    expect(plain.place).toMatchObject({ kind: 'street' });
    expect(plain.items[0]).toMatchObject({
      label: 'cam thai12',
      address: { street: 'Hoàng Văn Thái', houseNumber: '12', ward: { code: 'demo-an-binh' } },
      streetSimilarity: 1,
      distanceM: null,
      consent: { policeSearch: true, clips: true, sharingMode: 'ask', activeHours: null },
    });
  });

  it('ranks the right street first for a typo, and a close exact name does not bring its neighbour', async () => {
    const typo = (await search({ street: 'Hoang Van Tai', ...window }).expect(200)).body as Page;
    expect(ids(typo).slice(0, 2)).toEqual([cam.thai12, cam.thai20]);
    const sims = typo.items.map((c) => c.streetSimilarity!);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));
    expect(sims[0]).toBeLessThan(1);
    // "Hoàng Văn Thụ" is a different street: also close to the typo, ranked after; absent for the exact name.
    expect(ids(typo)).toContain(cam.thu5);
    expect(ids(typo).indexOf(cam.thu5)).toBeGreaterThan(1);
    const exact = (await search({ street: 'hoàng văn thụ', ...window }).expect(200)).body as Page;
    expect(ids(exact)).toEqual([cam.thu5]);
    const nothing = (await search({ street: 'Lê Lợi', ...window }).expect(200)).body as Page;
    expect(nothing.items).toEqual([]);
  });

  it('never shows a camera whose consent excludes police search, is paused or was withdrawn, by any kind of search', async () => {
    const hidden = [cam.thai40withdrawn, cam.thai30nopolice, cam.thai50paused];
    const pages = [
      await search({ street: 'hoang van thai', ...window }),
      await search({ street: 'hoang van thai', houseFrom: '25', houseTo: '55', ...window }),
      await search({ lat: 10.79, lon: 106.69, radiusM: 500, ...window }),
      await search({ wardId: ward['demo-an-binh'], ...window }),
    ];
    for (const res of pages) {
      expect(res.status).toBe(200);
      for (const id of hidden) expect(ids(res.body as Page)).not.toContain(id);
      expect(JSON.stringify(res.body)).not.toContain(event.withdrawn);
      expect(JSON.stringify(res.body)).not.toContain(event.nopolice);
    }
  });

  it("shows each camera's events in the window with hasClip, its gaps, and nothing that leads to footage", async () => {
    const page = (await search({ street: 'hoang van thai', houseFrom: '12', houseTo: '12', ...window }).expect(200)).body as Page;
    expect(ids(page)).toEqual([cam.thai12]);
    const hit = page.items[0];
    expect(hit.events.map((e) => [e.id, e.hasClip])).toEqual([
      [event['thai12-running-in'], false],
      [event['thai12-a'], true],
      [event['thai12-b'], false],
    ]);
    expect(hit.events[1]).toMatchObject({ startedAt: '2026-11-28T10:00:00.000Z', endedAt: '2026-11-28T10:00:20.000Z' });
    expect(hit.eventsTruncated).toBe(false);
    expect(hit.gaps).toEqual([
      { reason: 'offline', startedAt: '2026-11-28T03:00:00.000Z', endedAt: '2026-11-28T03:30:00.000Z' },
      { reason: 'subscription_lost', startedAt: '2026-11-28T20:00:00.000Z', endedAt: null },
    ]);
    const text = JSON.stringify(page);
    for (const secret of ['rtsp', 'secret-stream', 'secret-object', 'secret-thumb', '10.88.0.9', 'onvif', 'sealed', resident.id]) {
      expect(text).not.toContain(secret);
    }
  });

  it('filters a street by house-number range on the main number (12A and 20/3 sit at 12 and 20)', async () => {
    const range = (await search({ street: 'hoang van thai', houseFrom: '15', houseTo: '25', ...window }).expect(200)).body as Page;
    expect(ids(range)).toEqual([cam.thai20]);
    const slash = (await search({ street: 'hoang van thai', houseFrom: '20/1', houseTo: '20B', ...window }).expect(200)).body as Page;
    expect(ids(slash)).toEqual([cam.thai20]);
    const from = (await search({ street: 'hoang van thai', houseFrom: '13', ...window }).expect(200)).body as Page;
    expect(ids(from)).toEqual([cam.thai20]);
  });

  it('does not show events outside the consent active hours (Asia/Ho_Chi_Minh)', async () => {
    const page = (await search({ street: 'hoang van thai', houseFrom: '20', houseTo: '20', ...window }).expect(200)).body as Page;
    // Given before hours carried their zone: read in the only zone there was then.
    expect(page.items[0].consent.activeHours).toEqual({ from: '22:00', to: '06:00', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(page.items[0].events.map((e) => e.id)).toEqual([event['thai20-night']]);
  });

  it('reads active hours in the time zone they were given in, whatever the ward is configured with', async () => {
    const page = (await search({ street: 'tran phu', ...window }).expect(200)).body as Page;
    expect(ids(page)).toEqual([cam.phu7london]);
    expect(page.items[0].consent.activeHours).toEqual({ from: '22:00', to: '06:00', timeZone: 'Europe/London' });
    expect(page.items[0].events.map((e) => e.id)).toEqual([event['phu7-london-night']]);
  });

  it('finds cameras within a radius, nearest first, with their distance', async () => {
    const page = (await search({ lat: 10.79, lon: 106.69, radiusM: 100, ...window }).expect(200)).body as Page;
    expect(ids(page)).toEqual([cam.thai12, cam.thai20]);
    expect(page.items[0].distanceM).toBe(0);
    // 0.0005 degrees of latitude is about 55 m.
    expect(page.items[1].distanceM).toBeGreaterThan(50);
    expect(page.items[1].distanceM).toBeLessThan(60);
    const wider = (await search({ lat: 10.79, lon: 106.69, radiusM: 1000, ...window }).expect(200)).body as Page;
    expect(ids(wider)).toEqual([cam.thai12, cam.thai20, cam.thu5]);
  });

  it('finds the cameras of a ward, and narrows a street to a ward', async () => {
    const hoaThuan = (await search({ wardId: ward['demo-hoa-thuan'], ...window }).expect(200)).body as Page;
    expect(ids(hoaThuan).sort()).toEqual([cam.minhkhai1, cam.phu7london].sort());
    const elsewhere = (await search({ street: 'hoang van thai', wardId: ward['demo-hoa-thuan'], ...window }).expect(200)).body as Page;
    expect(elsewhere.items).toEqual([]);
  });

  it('pages with a keyset cursor: every camera once, then no next', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await search({ wardId: ward['demo-an-binh'], limit: 1, ...window, ...(cursor ? { cursor } : {}) }).expect(200);
      const page = res.body as Page;
      seen.push(...ids(page));
      cursor = page.next;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([cam.thai12, cam.thai20, cam.thu5].sort());
    // The street ranking pages too (similarity and house number in the cursor).
    const first = (await search({ street: 'Hoang Van Tai', limit: 2, ...window }).expect(200)).body as Page;
    const second = (await search({ street: 'Hoang Van Tai', limit: 2, cursor: first.next!, ...window }).expect(200)).body as Page;
    expect([...ids(first), ...ids(second)]).toEqual([cam.thai12, cam.thai20, cam.thu5]);
    expect(second.next).toBeNull();
  });

  it.each([
    [{ street: 'hoang van thai' }, /from is required/],
    [{ street: 'hoang van thai', from: FROM }, /to is required/],
    [{ street: 'hoang van thai', from: FROM, to: '2026-11-29T01:00:00Z' }, /at most 24 hours/],
    [{ street: 'hoang van thai', from: TO, to: FROM }, /to must be after from/],
    [{ ...window }, /say where to search/],
    [{ street: 'hoang van thai', lat: 10.79, lon: 106.69, radiusM: 100, ...window }, /one place at a time/],
    [{ lat: 10.79, lon: 106.69, ...window }, /lat, lon and radiusM together/],
    [{ lat: 10.79, lon: 106.69, radiusM: 50000, ...window }, /radiusM must be between 1 and 2000/],
    [{ houseFrom: '12', wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a', ...window }, /need a street/],
    [{ street: 'hoang van thai', houseFrom: '30', houseTo: '10', ...window }, /houseFrom must not be greater/],
    [{ street: 'hoang van thai', houseFrom: 'abc', ...window }, /houseFrom must be a house number/],
    [{ street: 'ab', ...window }, /at least 3 letters/],
    [{ wardId: 'demo-an-binh', ...window }, /wardId must be a ward id/],
    [{ street: 'hoang van thai', cursor: 'bm90LWEtY3Vyc29y', ...window }, /cursor is not one this API issued/],
    [{ street: 'hoang van thai', limit: 500, ...window }, /limit must be a whole number between 1 and 50/],
    [{ street: 'hoang van thai', investigationId: 'case-12', ...window }, /investigationId must be/],
    [{ street: 'hoang van thai', stream: 'yes', ...window }, /stream is not a field of this request/],
  ])('refuses %j with a 400 that says what is wrong, and audits nothing', async (query, message) => {
    const before = (await searchAudits()).length;
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(message);
    expect((await searchAudits()).length).toBe(before);
  });

  it('audits every search and page with its parameters, what it returned, and the investigation', async () => {
    const investigationId = await openInvestigation(officer, 'SEARCH-AUDIT-1');
    const before = (await searchAudits()).length;
    const res = await search({ street: 'Hoàng Văn Thái', houseFrom: '10', houseTo: '30', investigationId, ...window }, supervisor).expect(
      200,
    );
    await search({ lat: 10.79, lon: 106.69, radiusM: 100, ...window }).expect(200);
    const entries = await searchAudits();
    expect(entries.length).toBe(before + 2);
    const [withCase, withoutCase] = entries.slice(-2);
    expect(withCase).toMatchObject({
      actor_id: supervisor.id,
      investigation_id: investigationId,
      details: {
        place: { kind: 'street', street: 'Hoàng Văn Thái', houseFrom: 10, houseTo: 30, wardId: null },
        from: FROM,
        to: TO,
        page: 'first',
        investigationId,
        results: { cameras: 2, events: 4, more: false },
        cameraIds: ids(res.body as Page),
      },
    });
    expect(withoutCase).toMatchObject({
      actor_id: officer.id,
      investigation_id: null,
      details: { place: { kind: 'radius', latitude: 10.79, longitude: 106.69, radiusM: 100 } },
    });
    // Supervisors find them where they audit everything else.
    const log = await h
      .http()
      .get('/audit/entries?action=search.performed&limit=500')
      .set('Authorization', `Bearer ${supervisor.token}`)
      .expect(200);
    expect((log.body as { items: unknown[] }).items.length).toBe(entries.length);
  });

  it('an investigationId must name an open investigation the officer works on; other ids are refused (403) and audited', async () => {
    const t0 = new Date();
    const sneaky = await h.user('officer');
    const colleague = await h.user('officer');
    const own = await openInvestigation(sneaky, 'SEARCH-OWN-1');
    const colleagues = await openInvestigation(colleague, 'SEARCH-OTHER-1');
    const closed = await openInvestigation(sneaky, 'SEARCH-CLOSED-1');
    await h
      .http()
      .post(`/investigations/${closed}/close`)
      .set('Authorization', `Bearer ${supervisor.token}`)
      .send({ reason: 'done' })
      .expect(200);
    const made_up = '0b8a2c57-1f4e-4d39-8a4e-9f0f6c1d2b7a';
    const before = (await searchAudits()).length;

    const refusals: [string, RegExp][] = [
      [made_up, new RegExp(`investigation ${made_up} does not exist`)],
      [colleagues, /you are not a member of investigation SEARCH-OTHER-1/],
      [closed, /investigation SEARCH-CLOSED-1 is closed; searches can be made only for an open investigation/],
    ];
    for (const [investigationId, message] of refusals) {
      const res = await search({ street: 'Hoàng Văn Thái', investigationId, ...window }, sneaky).expect(403);
      expect(res.body.detail).toMatch(message);
      expect(res.body.detail).toMatch(/Search with an investigation you work on, or without investigationId/);
      expect(res.body.items).toBeUndefined();
    }
    // Nothing was searched, and each refusal is on the record with the id it named.
    expect((await searchAudits()).length).toBe(before);
    const { rows } = await h.db.owner.query(
      `SELECT investigation_id, details FROM audit_entries WHERE action = 'search.refused' AND actor_id = $1 ORDER BY seq`,
      [sneaky.id],
    );
    expect(rows.map((r) => [r.investigation_id, r.details.investigationId])).toEqual(refusals.map(([id]) => [null, id]));

    // Its own open investigation: searched and linked; no flag for it, but the refused attempts are flagged.
    await search({ street: 'Hoàng Văn Thái', investigationId: own, ...window }, sneaky).expect(200);
    expect((await searchAudits()).at(-1)).toMatchObject({ actor_id: sneaky.id, investigation_id: own });
    const flags = async () =>
      (
        (
          await h
            .http()
            .get(`/audit/flags?from=${encodeURIComponent(t0.toISOString())}`)
            .set('Authorization', `Bearer ${supervisor.token}`)
            .expect(200)
        ).body.items as { kind: string; actorId: string; entryCount: number }[]
      ).find((f) => f.kind === 'search_without_investigation' && f.actorId === sneaky.id);
    expect(await flags()).toMatchObject({ entryCount: 3 });
    // A truly unlinked search still counts as before.
    await search({ street: 'Hoàng Văn Thái', ...window }, sneaky).expect(200);
    expect(await flags()).toMatchObject({ entryCount: 4 });
  });

  it('can serve street and radius searches from the trigram and spatial indexes (the plans say so; bench:search checks them at scale)', async () => {
    const plan = async (sql: { text: string; values: unknown[] }) => {
      await h.db.owner.query('BEGIN');
      try {
        // With six cameras a sequential scan is cheaper; forbid it to prove the indexes can serve the query.
        await h.db.owner.query('SET LOCAL enable_seqscan = off');
        const { rows } = await h.db.owner.query(`EXPLAIN ${sql.text}`, sql.values);
        return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      } finally {
        await h.db.owner.query('ROLLBACK');
      }
    };
    const base = { from: at(FROM), to: at(TO), after: null, limit: 20 };
    const street = await plan(
      buildCameraSearchSql({ ...base, place: { kind: 'street', street: 'hoang van tai', houseFrom: null, houseTo: null, wardId: null } }),
    );
    // The exact name by B-tree, and (only when there is none) close names by trigrams.
    expect(street).toContain('idx_cameras_street_exact');
    expect(street).toContain('idx_cameras_street_search');
    const radius = await plan(
      buildCameraSearchSql({ ...base, place: { kind: 'radius', latitude: 10.79, longitude: 106.69, radiusM: 300 } }),
    );
    expect(radius).toContain('idx_cameras_location');
  });
});

describe('streets are ward data an admin imports', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let officer: TestUser;
  let wardId: string;

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    officer = await h.user('officer');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
  });
  afterAll(() => h.close());

  const asAdmin = (path: string, body: object) => h.http().post(path).set('Authorization', `Bearer ${admin.token}`).send(body);
  const list = (query = '') =>
    h
      .http()
      .get(`/wards/${wardId}/streets${query}`)
      .set('Authorization', `Bearer ${officer.token}`)
      .expect(200)
      .then((r) => (r.body as { items: { name: string; hasGeometry: boolean; similarity?: number }[] }).items);

  it('imports GeoJSON lines and plain names; the same name again (any accents or case) updates it, audited', async () => {
    await asAdmin(`/wards/${wardId}/streets/import`, {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'Hoàng Văn Thái' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [106.685, 10.79],
              [106.695, 10.79],
            ],
          },
        },
        { type: 'Feature', properties: { name: 'Hoàng Văn Thụ' }, geometry: null },
      ],
    }).expect(201);
    await asAdmin(`/wards/${wardId}/streets/import`, { names: ['HOANG VAN THAI', 'Nguyễn Thị Minh Khai'] }).expect(201);
    const streets = await list();
    expect(streets.map((s) => [s.name, s.hasGeometry])).toEqual([
      ['HOANG VAN THAI', true],
      ['Hoàng Văn Thụ', false],
      ['Nguyễn Thị Minh Khai', false],
    ]);
    const audits = await h.db.owner.query(`SELECT subject_id FROM audit_entries WHERE action = 'street.imported'`);
    expect(audits.rows).toEqual([{ subject_id: wardId }, { subject_id: wardId }]);
  });

  it('lists the streets resembling a typo, closest first', async () => {
    const close = await list('?q=hoang%20van%20tai');
    expect(close[0].name).toBe('HOANG VAN THAI');
    expect(close.map((s) => s.name)).not.toContain('Nguyễn Thị Minh Khai');
  });

  it('skips features that are not named lines, saying which and why; refuses a malformed body and an unknown ward', async () => {
    const before = (await list()).length;
    const res = await asAdmin(`/wards/${wardId}/streets/import`, {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Lê Lợi' }, geometry: null },
        { type: 'Feature', properties: { name: 'Bad' }, geometry: { type: 'Polygon', coordinates: [] } },
      ],
    }).expect(201);
    expect(res.body).toMatchObject({
      imported: 1,
      updated: 0,
      skipped: { not_a_line: 1, no_name: 0 },
      skippedExamples: [{ feature: 1, name: 'Bad', reason: 'not_a_line', detail: 'Polygon' }],
    });
    expect((await list()).length).toBe(before + 1);
    await asAdmin(`/wards/${wardId}/streets/import`, { names: ['x'], type: 'FeatureCollection', features: [{}] }).expect(400);
    await asAdmin('/wards/3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a/streets/import', { names: ['Lê Lợi'] }).expect(404);
    await h.http().get('/wards/not-a-uuid/streets').set('Authorization', `Bearer ${officer.token}`).expect(400);
  });
});
