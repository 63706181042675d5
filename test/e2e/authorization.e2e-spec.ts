import { PATH_METADATA } from '@nestjs/common/constants';
import type { Role } from '@wardwatch/accounts';
import { API_CONTROLLERS } from '../../apps/api/src/api.module';
import { ACCESS_POLICY } from '../../apps/api/src/auth/access-policy';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { CONSENT_ALL, DEMO_WARDS, IN_AN_BINH } from '../support/fixtures';

type Caller = Role | 'anonymous' | 'metrics-token';
const CALLERS: Caller[] = ['anonymous', 'resident', 'officer', 'supervisor', 'admin', 'metrics-token'];

interface Row {
  route: string;
  call: (h: ApiHarness, target: TestUser) => { method: 'get' | 'post' | 'patch' | 'put' | 'delete'; path: string; body?: object };
  /** Expected status per caller; callers not named get `otherwise`. */
  allowed: Partial<Record<Caller, number>>;
  otherwise: number;
}

let n = 0;
/** demo-an-binh's id, known once the demo wards are imported. */
let demoWardId = '';
const UNKNOWN = '5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b';
const ROWS: Row[] = [
  { route: 'GET /health', call: () => ({ method: 'get', path: '/health' }), allowed: {}, otherwise: 200 },
  { route: 'GET /docs', call: () => ({ method: 'get', path: '/docs' }), allowed: {}, otherwise: 200 },
  // Public: the transparency report, for anyone signed in or not (a token, even a wrong kind, changes nothing).
  { route: 'GET /transparency/report', call: () => ({ method: 'get', path: '/transparency/report' }), allowed: {}, otherwise: 200 },
  { route: 'GET /transparency/report.csv', call: () => ({ method: 'get', path: '/transparency/report.csv' }), allowed: {}, otherwise: 200 },
  {
    route: 'GET /auth/me',
    call: () => ({ method: 'get', path: '/auth/me' }),
    allowed: { resident: 200, officer: 200, supervisor: 200, admin: 200 },
    otherwise: 401,
  },
  {
    route: 'GET /users',
    call: () => ({ method: 'get', path: '/users' }),
    allowed: { admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /users',
    call: () => ({
      method: 'post',
      path: '/users',
      body: { email: `made${++n}@test.wardwatch`, password: 'a-long-password-1', displayName: 'Made', role: 'officer' },
    }),
    allowed: { admin: 201, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /users/:id',
    call: (_, target) => ({ method: 'get', path: `/users/${target.id}` }),
    allowed: { admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'PATCH /users/:id',
    call: (_, target) => ({ method: 'patch', path: `/users/${target.id}`, body: { displayName: `Renamed ${++n}` } }),
    allowed: { admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /audit/entries',
    call: () => ({ method: 'get', path: '/audit/entries?limit=5' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /audit/entries.csv',
    call: () => ({ method: 'get', path: '/audit/entries.csv?action=audit.' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /audit/flags',
    call: () => ({ method: 'get', path: '/audit/flags' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /cameras/:id/clips (not yours)',
    call: () => ({ method: 'get', path: `/cameras/${UNKNOWN}/clips` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /cameras/:id/clips/:clipId/links (not yours)',
    call: () => ({ method: 'post', path: `/cameras/${UNKNOWN}/clips/${UNKNOWN}/links`, body: { asset: 'clip' } }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'PUT /cameras/:id/clip-settings (not yours)',
    call: () => ({ method: 'put', path: `/cameras/${UNKNOWN}/clip-settings`, body: { preRollSeconds: 1, postRollSeconds: 1 } }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /footage/integrity-checks',
    call: () => ({ method: 'post', path: '/footage/integrity-checks', body: { limit: 10 } }),
    allowed: { admin: 200, supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /footage/integrity-checks/progress',
    call: () => ({ method: 'get', path: '/footage/integrity-checks/progress' }),
    allowed: { admin: 200, supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /audit/verify',
    call: () => ({ method: 'get', path: '/audit/verify' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /audit/verifications',
    call: () => ({ method: 'post', path: '/audit/verifications', body: {} }),
    allowed: { supervisor: 202, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Supervisors pass the role check and meet the run lookup: this run does not exist.
    route: 'GET /audit/verifications/:id',
    call: () => ({ method: 'get', path: `/audit/verifications/${UNKNOWN}` }),
    allowed: { supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Officers pass the role check and meet the release source: this release does not exist.
    route: 'GET /releases/:releaseId/evidence',
    call: () => ({ method: 'get', path: '/releases/3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a/evidence' }),
    allowed: { officer: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Officers pass the role check and meet the investigation's lookup: it does not exist.
    route: 'GET /investigations/:id/evidence',
    call: () => ({ method: 'get', path: `/investigations/${UNKNOWN}/evidence` }),
    allowed: { officer: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Any signed-in user; the test configuration supplies no basemap, so each meets map.no_basemap.
    route: 'GET /map/basemap.pmtiles',
    call: () => ({ method: 'get', path: '/map/basemap.pmtiles' }),
    allowed: { resident: 404, officer: 404, supervisor: 404, admin: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /consent-notice',
    call: () => ({ method: 'get', path: '/consent-notice?language=en' }),
    allowed: { resident: 200, admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /cameras',
    call: () => ({ method: 'get', path: '/cameras' }),
    allowed: { resident: 200, admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Residents pass the role check and meet the network policy (10.99.0.0/16 is not allowed in tests).
    route: 'POST /cameras',
    call: () => ({
      method: 'post',
      path: '/cameras',
      body: {
        label: 'Gate',
        address: { wardCode: 'demo-an-binh', street: 'Hoàng Văn Thái', houseNumber: '1' },
        ...IN_AN_BINH,
        onvif: { host: '10.99.0.1', port: 80, username: 'admin', password: 'x' },
        consent: CONSENT_ALL,
      },
    }),
    allowed: { resident: 422, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /cameras/:id (not yours)',
    call: () => ({ method: 'get', path: '/cameras/3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /cameras/:id/consent/withdraw (not yours)',
    call: () => ({ method: 'post', path: '/cameras/3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a/consent/withdraw' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /cameras/:id/probe (not yours)',
    call: () => ({ method: 'post', path: '/cameras/3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a/probe' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /cameras/:id/access-log (not yours)',
    call: () => ({ method: 'get', path: '/cameras/3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a/access-log' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /wards',
    call: () => ({ method: 'get', path: '/wards' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 200,
  },
  {
    route: 'POST /wards/import',
    call: () => ({ method: 'post', path: '/wards/import', body: DEMO_WARDS }),
    allowed: { admin: 201, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /wards/:id/streets',
    call: () => ({ method: 'get', path: `/wards/${demoWardId}/streets?q=hoang` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 200,
  },
  {
    route: 'GET /wards/:id/map',
    call: () => ({ method: 'get', path: `/wards/${demoWardId}/map` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 200,
  },
  {
    route: 'POST /wards/:id/streets/import',
    call: () => ({ method: 'post', path: `/wards/${demoWardId}/streets/import`, body: { names: ['Hoàng Văn Thái'] } }),
    allowed: { admin: 201, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /search/cameras',
    call: () => ({
      method: 'get',
      path: '/search/cameras?street=hoang%20van%20thai&from=2026-11-28T00:00:00Z&to=2026-11-28T12:00:00Z',
    }),
    allowed: { officer: 200, supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /search/cameras',
    call: () => ({
      method: 'post',
      path: '/search/cameras',
      body: {
        place: {
          kind: 'polygon',
          polygon: {
            type: 'Polygon',
            coordinates: [
              [
                [106.689, 10.789],
                [106.691, 10.789],
                [106.691, 10.791],
                [106.689, 10.791],
                [106.689, 10.789],
              ],
            ],
          },
        },
        from: '2026-11-28T00:00:00Z',
        to: '2026-11-28T12:00:00Z',
      },
    }),
    allowed: { officer: 200, supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /wards/:id/cameras',
    call: () => ({ method: 'get', path: `/wards/${demoWardId}/cameras` }),
    allowed: { officer: 200, supervisor: 200, admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /wards/:id/camera-roster',
    call: () => ({ method: 'get', path: `/wards/${demoWardId}/camera-roster` }),
    allowed: { admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /camera-networks',
    call: () => ({ method: 'get', path: '/camera-networks' }),
    allowed: { admin: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /camera-networks',
    call: () => ({ method: 'post', path: '/camera-networks', body: { cidr: `10.${100 + ++n}.0.0/16`, label: 'overlay' } }),
    allowed: { admin: 201, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  // Investigations: the role check comes first; a role that passes meets the membership and
  // existence checks (an unknown id answers 404), which investigations.e2e-spec.ts covers in depth.
  {
    route: 'POST /investigations',
    call: () => ({ method: 'post', path: '/investigations', body: { caseNumber: `AUTH-${++n}`, title: 'Authorization', summary: 'row' } }),
    allowed: { officer: 201, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /investigations',
    call: () => ({ method: 'get', path: '/investigations' }),
    allowed: { officer: 200, supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /investigations/:id (unknown)',
    call: () => ({ method: 'get', path: `/investigations/${UNKNOWN}` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /investigations/:id/members (unknown)',
    call: (_, target) => ({ method: 'post', path: `/investigations/${UNKNOWN}/members`, body: { userId: target.id } }),
    allowed: { officer: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Officers (the lead) and supervisors pass the role check and meet the unknown investigation.
    route: 'DELETE /investigations/:id/members/:userId (unknown)',
    call: (_, target) => ({ method: 'delete', path: `/investigations/${UNKNOWN}/members/${target.id}` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /investigations/:id/lead (unknown)',
    call: (_, target) => ({ method: 'post', path: `/investigations/${UNKNOWN}/lead`, body: { userId: target.id } }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /investigations/:id/close (unknown)',
    call: () => ({ method: 'post', path: `/investigations/${UNKNOWN}/close`, body: { reason: 'done' } }),
    allowed: { supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /investigations/:id/footage-requests (unknown)',
    call: () => ({
      method: 'post',
      path: `/investigations/${UNKNOWN}/footage-requests`,
      body: { cameraIds: [UNKNOWN], from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z', reason: 'r', legalBasis: 'l' },
    }),
    allowed: { officer: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /investigations/:id/footage-requests (unknown)',
    call: () => ({ method: 'get', path: `/investigations/${UNKNOWN}/footage-requests` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /investigations/:id/clips (unknown)',
    call: () => ({ method: 'get', path: `/investigations/${UNKNOWN}/clips` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /footage-requests',
    call: () => ({ method: 'get', path: '/footage-requests?state=pending_supervisor' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /footage-requests/:id (unknown)',
    call: () => ({ method: 'get', path: `/footage-requests/${UNKNOWN}` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /footage-requests/:id/supervisor-decision (unknown)',
    call: () => ({ method: 'post', path: `/footage-requests/${UNKNOWN}/supervisor-decision`, body: { decision: 'approve' } }),
    allowed: { supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /footage-requests/:id/clips (unknown)',
    call: () => ({ method: 'get', path: `/footage-requests/${UNKNOWN}/clips` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /footage-requests (decided)',
    call: () => ({ method: 'get', path: '/footage-requests?decision=approved' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /releases/:id/revoke (unknown)',
    call: () => ({ method: 'post', path: `/releases/${UNKNOWN}/revoke`, body: { reason: 'No longer needed for the case' } }),
    allowed: { supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /legal-holds',
    call: () => ({ method: 'get', path: '/legal-holds?active=true' }),
    allowed: { supervisor: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    // Supervisors pass the role check and meet the camera lookup: it does not exist.
    route: 'POST /legal-holds (unknown camera)',
    call: () => ({
      method: 'post',
      path: '/legal-holds',
      body: { cameraId: UNKNOWN, from: '2026-11-28T00:00:00Z', until: '2026-11-28T12:00:00Z', reason: 'Preserve for the prosecutor' },
    }),
    allowed: { supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /legal-holds/:id/lift (unknown)',
    call: () => ({ method: 'post', path: `/legal-holds/${UNKNOWN}/lift`, body: { reason: 'The order was withdrawn' } }),
    allowed: { supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /owner/footage-requests',
    call: () => ({ method: 'get', path: '/owner/footage-requests' }),
    allowed: { resident: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /owner/footage-requests/:id/cameras/:cameraId/decision (not yours)',
    call: () => ({ method: 'post', path: `/owner/footage-requests/${UNKNOWN}/cameras/${UNKNOWN}/decision`, body: { decision: 'decline' } }),
    allowed: { resident: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /notifications',
    call: () => ({ method: 'get', path: '/notifications' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 200,
  },
  {
    route: 'GET /notifications/unread-count',
    call: () => ({ method: 'get', path: '/notifications/unread-count' }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 200,
  },
  {
    route: 'PUT /notifications/settings',
    call: () => ({ method: 'put', path: '/notifications/settings', body: { emailNotifications: true } }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 200,
  },
  {
    route: 'POST /notifications/:id/read (not yours)',
    call: () => ({ method: 'post', path: `/notifications/${UNKNOWN}/read` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 404,
  },
  {
    route: 'POST /clips/:id/links (unknown)',
    call: () => ({ method: 'post', path: `/clips/${UNKNOWN}/links`, body: { investigationId: UNKNOWN, kind: 'view' } }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /links/:id (unknown)',
    call: () => ({ method: 'get', path: `/links/${UNKNOWN}` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /links/:id/status (unknown)',
    call: () => ({ method: 'get', path: `/links/${UNKNOWN}/status` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'POST /links/:id/revoke (unknown)',
    call: () => ({ method: 'post', path: `/links/${UNKNOWN}/revoke`, body: { reason: 'Sent to the wrong officer' } }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /investigations/:id/links (unknown)',
    call: () => ({ method: 'get', path: `/investigations/${UNKNOWN}/links` }),
    allowed: { officer: 404, supervisor: 404, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /auth/me/deletion-preview',
    call: () => ({ method: 'get', path: '/auth/me/deletion-preview' }),
    allowed: { resident: 200, anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /cameras/:id/timeline (not yours)',
    call: () => ({ method: 'get', path: `/cameras/${UNKNOWN}/timeline` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /cameras/:id/snapshot (not yours)',
    call: () => ({ method: 'get', path: `/cameras/${UNKNOWN}/snapshot` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'PATCH /cameras/:id (not yours)',
    call: () => ({ method: 'patch', path: `/cameras/${UNKNOWN}`, body: { label: 'mine' } }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'DELETE /cameras/:id (not yours)',
    call: () => ({ method: 'delete', path: `/cameras/${UNKNOWN}` }),
    allowed: { anonymous: 401, 'metrics-token': 401 },
    otherwise: 403,
  },
  {
    route: 'GET /metrics',
    call: () => ({ method: 'get', path: '/metrics' }),
    allowed: { 'metrics-token': 200 },
    otherwise: 401,
  },
];

describe('authorization: every role against every route', () => {
  let h: ApiHarness;
  const tokens: Partial<Record<Caller, string>> = {};
  let target: TestUser;

  beforeAll(async () => {
    h = await startApi();
    for (const role of ['admin', 'resident', 'officer', 'supervisor'] as const) tokens[role] = (await h.user(role)).token;
    tokens['metrics-token'] = h.config.METRICS_TOKEN;
    target = await h.user('resident', 'target');
    const wards = await h.http().post('/wards/import').set('Authorization', `Bearer ${tokens.admin}`).send(DEMO_WARDS).expect(201);
    demoWardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
  });
  afterAll(() => h.close());

  const cases = ROWS.flatMap((row) => CALLERS.map((caller) => [row.route, caller, row.allowed[caller] ?? row.otherwise, row] as const));

  it.each(cases)('%s as %s -> %i', async (_route, caller, expected, row) => {
    const { method, path, body } = row.call(h, target);
    let req = h.http()[method](path);
    const token = tokens[caller];
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    const res = await (body ? req.send(body) : req);
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({ status: expected, body: null });
    if (expected === 403) expect((res.body as { detail: string }).detail).toMatch(/this action is for|is not one of your cameras/);
  });

  it('refused writes change nothing', async () => {
    const before = await h.db.owner.query('SELECT count(*)::int AS n FROM users');
    for (const caller of ['resident', 'officer', 'supervisor'] as const) {
      await h
        .http()
        .post('/users')
        .set('Authorization', `Bearer ${tokens[caller]}`)
        .send({ email: `nope-${caller}@test.wardwatch`, password: 'a-long-password-1', displayName: 'x', role: 'admin' })
        .expect(403);
      await h.http().patch(`/users/${target.id}`).set('Authorization', `Bearer ${tokens[caller]}`).send({ role: 'admin' }).expect(403);
    }
    const after = await h.db.owner.query('SELECT count(*)::int AS n FROM users');
    expect(after.rows[0]).toEqual(before.rows[0]);
    const t = await h.db.owner.query('SELECT role FROM users WHERE id = $1', [target.id]);
    expect(t.rows[0].role).toBe('resident');
  });

  it('every route of the API declares an access policy (the guard refuses those that do not)', () => {
    const undeclared: string[] = [];
    for (const controller of API_CONTROLLERS) {
      const classPolicy: unknown = Reflect.getMetadata(ACCESS_POLICY, controller);
      const proto = controller.prototype as unknown as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (!Reflect.getMetadata(ACCESS_POLICY, handler) && !classPolicy) undeclared.push(`${controller.name}.${name}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(API_CONTROLLERS.length).toBeGreaterThanOrEqual(5);
  });
});
