import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';
import { seedCamera, seedStoredClip } from '../support/seed-footage';

interface Envelope {
  items: { id?: string; seq?: string; clipId?: string; requestId?: string; kind?: string; name?: string }[];
  next: string | null;
}

/** One list format: every list route answers { items, next }, pages by an opaque cursor, refuses a forged one. */
describe('every list answers { items, next } and pages with ?cursor= and ?limit=', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let resident: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  let wardId: string;
  let cameraId: string;
  let investigationId: string;

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    resident = await h.user('resident');
    officer = await h.user('officer');
    supervisor = await h.user('supervisor');
    await h.user('officer');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
    await h
      .http()
      .post(`/wards/${wardId}/streets/import`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ names: ['Hoàng Văn Thái', 'Hoàng Văn Thụ', 'Nguyễn Thị Minh Khai'] })
      .expect(201);
    for (const cidr of ['10.91.0.0/16', '10.92.0.0/16']) {
      await h.http().post('/camera-networks').set('Authorization', `Bearer ${admin.token}`).send({ cidr, label: cidr }).expect(201);
    }
    const cameras = [];
    for (const label of ['list-a', 'list-b', 'list-c']) cameras.push(await seedCamera(h.db.owner, resident.id, { wardId, label }));
    cameraId = cameras[0];
    const store = h.app.get(ObjectStore);
    const t = Date.now() - 3_600_000;
    for (let i = 0; i < 3; i++)
      await seedStoredClip(h.db.owner, store, cameraId, new Date(t + i * 60_000), new Date(t + i * 60_000 + 10_000));
    // Owner changes are in the camera's access log.
    for (const step of ['pause', 'resume', 'pause']) {
      await h.http().post(`/cameras/${cameraId}/consent/${step}`).set('Authorization', `Bearer ${resident.token}`).expect(200);
    }
    for (const n of [1, 2]) {
      const res = await h
        .http()
        .post('/investigations')
        .set('Authorization', `Bearer ${officer.token}`)
        .send({ caseNumber: `LIST-${n}-${h.db.name}`, title: `list ${n}`, summary: 'paging' })
        .expect(201);
      investigationId = (res.body as { id: string }).id;
    }
  });
  afterAll(() => h.close());

  /** Every list route, who may read it, and whether the test data gives it more than one item (so that it pages). */
  const routes = (): { path: string; as: TestUser; pages: boolean }[] => [
    { path: '/users', as: admin, pages: true },
    { path: '/cameras', as: resident, pages: true },
    { path: '/cameras', as: admin, pages: true },
    { path: '/cameras/enrolment-conflicts', as: admin, pages: false },
    { path: `/cameras/${cameraId}/consents`, as: resident, pages: false },
    { path: `/cameras/${cameraId}/access-log`, as: resident, pages: true },
    { path: `/cameras/${cameraId}/clips`, as: resident, pages: true },
    { path: '/camera-networks', as: admin, pages: false },
    { path: '/wards', as: officer, pages: false },
    { path: `/wards/${wardId}/streets`, as: officer, pages: true },
    { path: `/wards/${wardId}/streets?q=hoang%20van%20th`, as: officer, pages: true },
    // Reading the log is itself audited: a filter that the reads do not match keeps the walk stable.
    { path: '/audit/entries?action=account.', as: supervisor, pages: true },
    { path: '/audit/flags', as: supervisor, pages: false },
    { path: '/investigations', as: officer, pages: true },
    { path: `/investigations/${investigationId}/footage-requests`, as: officer, pages: false },
    { path: `/investigations/${investigationId}/clips`, as: officer, pages: false },
    { path: '/footage-requests', as: supervisor, pages: false },
    { path: '/owner/footage-requests', as: resident, pages: false },
    {
      path: `/search/cameras?wardId=${wardId}&from=${encodeURIComponent(new Date(Date.now() - 7_200_000).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}`,
      as: officer,
      pages: false,
    },
  ];

  const get = async (path: string, user: TestUser, query: Record<string, string | number>) => {
    const url = new URL(path, 'http://x');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return h.http().get(`${url.pathname}${url.search}`).set('Authorization', `Bearer ${user.token}`);
  };
  const key = (item: Envelope['items'][number]) => item.id ?? item.seq ?? item.clipId ?? item.requestId ?? item.kind ?? item.name;

  it('each list route answers the envelope, and walking it one item a page gives the whole list once', async () => {
    for (const { path, as, pages } of routes()) {
      const whole = await get(path, as, {});
      expect({ path, status: whole.status }).toEqual({ path, status: 200 });
      const body = whole.body as Envelope;
      expect({ path, items: Array.isArray(body.items), next: body.next === null || typeof body.next === 'string' }).toEqual({
        path,
        items: true,
        next: true,
      });
      if (!pages) continue;
      expect({ path, more: body.items.length > 1, next: body.next }).toEqual({ path, more: true, next: null });
      const walked: unknown[] = [];
      let cursor: string | null = null;
      for (let page = 0; page <= body.items.length; page++) {
        const res = await get(path, as, { limit: 1, ...(cursor ? { cursor } : {}) });
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        const p = res.body as Envelope;
        expect(p.items.length).toBeLessThanOrEqual(1);
        walked.push(...p.items.map(key));
        cursor = p.next;
        if (!cursor) break;
        // Opaque: not a number or a timestamp a client could make up or depend on.
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      }
      expect({ path, walked }).toEqual({ path, walked: body.items.map(key) });
    }
  });

  it('a cursor this API did not issue is a 400, and so is a limit out of bounds', async () => {
    const forged = Buffer.from(JSON.stringify({ nothing: 'here' })).toString('base64url');
    for (const { path, as, pages } of routes()) {
      if (!pages) continue;
      const res = await get(path, as, { cursor: forged });
      expect({ path, status: res.status, detail: JSON.stringify(res.body) }).toEqual({
        path,
        status: 400,
        detail: expect.stringMatching(/cursor is not one this API issued/),
      });
      expect({ path, status: (await get(path, as, { limit: 0 })).status }).toEqual({ path, status: 400 });
      expect({ path, status: (await get(path, as, { limit: 100_000 })).status }).toEqual({ path, status: 400 });
    }
  });
});

describe("date-times without an offset are read in the ward's time zone", () => {
  let h: ApiHarness;
  let officer: TestUser;
  let wardId: string;

  beforeAll(async () => {
    h = await startApi();
    const admin = await h.user('admin');
    officer = await h.user('officer');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
  });
  afterAll(() => h.close());

  const search = (from: string, to: string) =>
    h.http().get('/search/cameras').query({ wardId, from, to }).set('Authorization', `Bearer ${officer.token}`);

  it('from=2026-12-01T21:30 is 14:30Z in Asia/Ho_Chi_Minh (whatever zone the server runs in); answers are UTC', async () => {
    const res = await search('2026-12-01T21:30', '2026-12-01T23:00:00+07:00').expect(200);
    expect(res.body.window).toEqual({ from: '2026-12-01T14:30:00.000Z', to: '2026-12-01T16:00:00.000Z' });
  });

  it('a date-time in another form is a 400 naming the field and the expected form', async () => {
    const res = await search('01/12/2026 21:30', '2026-12-01T23:00Z').expect(400);
    expect(JSON.stringify(res.body)).toMatch(/from must be an ISO 8601 date-time with an offset \(2026-12-01T14:30:00Z/);
    expect(JSON.stringify(res.body)).toMatch(/without one, read in the ward's time zone \(2026-12-01T21:30\)/);
  });
});

describe('WARD_TIME_ZONE', () => {
  it('another zone moves the reading of a date-time without an offset', async () => {
    const h = await startApi({ WARD_TIME_ZONE: 'America/New_York' });
    try {
      const admin = await h.user('admin');
      const officer = await h.user('officer');
      const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${admin.token}`).send(DEMO_WARDS).expect(201);
      const wardId = (wards.body as { id: string }[])[0].id;
      const res = await h
        .http()
        .get('/search/cameras')
        .query({ wardId, from: '2026-12-01T09:30', to: '2026-12-01T10:30' })
        .set('Authorization', `Bearer ${officer.token}`)
        .expect(200);
      expect(res.body.window).toEqual({ from: '2026-12-01T14:30:00.000Z', to: '2026-12-01T15:30:00.000Z' });
    } finally {
      await h.close();
    }
  });
});
