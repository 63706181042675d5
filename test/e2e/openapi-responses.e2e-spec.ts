import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';
import { seedCamera, seedStoredClip } from '../support/seed-footage';
import { REPO_ROOT } from '../support/test-environment';

const DOCUMENT = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/api/openapi.json'), 'utf8')) as OpenAPIObject;

/**
 * The document's schemas as JSON Schema for ajv, made strict: an object lists every property it may
 * have, so a field a route answers that the document does not name fails here, as a missing or
 * mistyped one does. OpenAPI 3.0's `nullable` is read as its generators and openapi-typescript read
 * it (`X | null`): ajv applies it to `type` only, so a nullable enum gets `null` among its values and
 * a nullable `allOf: [$ref]` becomes "null or that".
 */
function strict(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strict);
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]));
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...(copy.enum as unknown[]), null];
  if (copy.nullable === true && Array.isArray(copy.allOf)) {
    const { nullable: _nullable, type: _type, allOf, ...rest } = copy;
    return { ...rest, anyOf: [{ type: 'null' }, { allOf }] };
  }
  return copy;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi.json', components: strict(DOCUMENT.components) });

const validators = new Map<string, ValidateFunction>();

/** The validator of an operation's documented body for that status, found by method and path template. */
function responseValidator(method: string, template: string, status: number): ValidateFunction {
  const key = `${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const operation = (DOCUMENT.paths[template] as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>)?.[
      method
    ];
    if (!operation) throw new Error(`${method.toUpperCase()} ${template} is not in the document`);
    const response = operation.responses[String(status)];
    if (!response?.content?.['application/json']) throw new Error(`${method.toUpperCase()} ${template} documents no JSON ${status}`);
    // Refs inside the response schema name the document's components, added to ajv as openapi.json.
    const schema = JSON.stringify(strict(response.content['application/json'])).replace(/"#\/components\//g, '"openapi.json#/components/');
    validate = ajv.compile((JSON.parse(schema) as { schema: object }).schema);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Success bodies only, for now. TODO(problems branch): error bodies on main are still
 * `{ statusCode, error, message }`; once the `problems` branch (RFC 9457 problem details, libs/problems)
 * is merged, validate the error answers here too, against ProblemDetails (e.g. a 404, a 400 with
 * `errors`, a 401), by extending `expectDocumented` to 4xx/5xx with the `application/problem+json` content.
 */
function expectDocumented(method: string, template: string, res: { status: number; body: unknown }): void {
  expect(res.status).toBeLessThan(300);
  const validate = responseValidator(method, template, res.status);
  const ok = validate(res.body);
  expect({ operation: `${method.toUpperCase()} ${template} ${res.status}`, errors: ok ? null : validate.errors }).toEqual({
    operation: `${method.toUpperCase()} ${template} ${res.status}`,
    errors: null,
  });
}

describe('real answers match the OpenAPI document', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let resident: TestUser;
  let officer: TestUser;
  let supervisor: TestUser;
  let wardId: string;
  let cameraId: string;
  let investigationId: string;
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    h = await startApi();
    admin = await h.user('admin');
    resident = await h.user('resident');
    officer = await h.user('officer');
    supervisor = await h.user('supervisor');
    const wards = await h.http().post('/wards/import').set(auth(admin)).send(DEMO_WARDS);
    expectDocumented('post', '/wards/import', wards);
    wardId = (wards.body as { id: string; code: string }[]).find((w) => w.code === 'demo-an-binh')!.id;
    const streets = await h
      .http()
      .post(`/wards/${wardId}/streets/import`)
      .set(auth(admin))
      .send({ names: ['Hoàng Văn Thái'] });
    expectDocumented('post', '/wards/{id}/streets/import', streets);
    cameraId = await seedCamera(h.db.owner, resident.id, { wardId, label: 'contract' });
    const t = Date.now() - 3_600_000;
    await seedStoredClip(h.db.owner, h.app.get(ObjectStore), cameraId, new Date(t), new Date(t + 10_000));
    const opened = await h
      .http()
      .post('/investigations')
      .set(auth(officer))
      .send({ caseNumber: `OAS-${h.db.name}`, title: 'contract', summary: 'answers match the document' });
    expectDocumented('post', '/investigations', opened);
    investigationId = (opened.body as { id: string }).id;
  });
  afterAll(() => h.close());

  it('serves the checked-in document at /api/v1/openapi.json', async () => {
    const res = await h.http().get('/openapi.json').expect(200);
    expect(res.body).toEqual(DOCUMENT);
  });

  it('public routes: health, login (the web app’s are below)', async () => {
    expectDocumented('get', '/health', await h.http().get('/health'));
    expectDocumented('post', '/auth/login', await h.http().post('/auth/login').send({ email: admin.email, password: admin.password }));
  });

  it('the web app: public settings, a browser session signed in, used with its cookie and closed', async () => {
    expectDocumented('get', '/settings', await h.http().get('/settings'));
    const opened = await h.http().post('/auth/session').send({ email: resident.email, password: resident.password });
    expectDocumented('post', '/auth/session', opened);
    const cookies = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const cookie = cookies.join('; ');
    const csrf = (opened.body as { csrfToken: string }).csrfToken;
    expectDocumented('get', '/auth/me', await h.http().get('/auth/me').set('Cookie', cookie));
    const closed = await h.http().delete('/auth/session').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(closed.status).toBe(204);
    expect(closed.text).toBe('');
  });

  it('as an admin', async () => {
    expectDocumented('get', '/auth/me', await h.http().get('/auth/me').set(auth(admin)));
    expectDocumented('get', '/users', await h.http().get('/users?limit=2').set(auth(admin)));
    expectDocumented('get', '/users/{id}', await h.http().get(`/users/${resident.id}`).set(auth(admin)));
    expectDocumented('get', '/wards', await h.http().get('/wards').set(auth(admin)));
    expectDocumented('get', '/wards/{id}/streets', await h.http().get(`/wards/${wardId}/streets?q=hoang`).set(auth(admin)));
    expectDocumented('get', '/wards/{id}/map', await h.http().get(`/wards/${wardId}/map`).set(auth(admin)));
    expectDocumented('get', '/cameras', await h.http().get('/cameras').set(auth(admin)));
    expectDocumented('get', '/cameras/enrolment-conflicts', await h.http().get('/cameras/enrolment-conflicts').set(auth(admin)));
    const added = await h.http().post('/camera-networks').set(auth(admin)).send({ cidr: '10.93.0.0/16', label: 'contract' });
    expectDocumented('post', '/camera-networks', added);
    expectDocumented('get', '/camera-networks', await h.http().get('/camera-networks').set(auth(admin)));
    const removed = await h
      .http()
      .delete(`/camera-networks/${(added.body as { id: string }).id}`)
      .set(auth(admin));
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
  });

  it('as a resident', async () => {
    expectDocumented('get', '/consent-notice', await h.http().get('/consent-notice?language=en').set(auth(resident)));
    expectDocumented('get', '/cameras', await h.http().get('/cameras').set(auth(resident)));
    expectDocumented('get', '/cameras/{id}', await h.http().get(`/cameras/${cameraId}`).set(auth(resident)));
    expectDocumented('get', '/cameras/{id}/consents', await h.http().get(`/cameras/${cameraId}/consents`).set(auth(resident)));
    expectDocumented('post', '/cameras/{id}/consent/pause', await h.http().post(`/cameras/${cameraId}/consent/pause`).set(auth(resident)));
    expectDocumented(
      'post',
      '/cameras/{id}/consent/resume',
      await h.http().post(`/cameras/${cameraId}/consent/resume`).set(auth(resident)),
    );
    expectDocumented('get', '/cameras/{id}/access-log', await h.http().get(`/cameras/${cameraId}/access-log`).set(auth(resident)));
    const clips = await h.http().get(`/cameras/${cameraId}/clips`).set(auth(resident));
    expectDocumented('get', '/cameras/{id}/clips', clips);
    const clipId = (clips.body as { items: { id: string }[] }).items[0].id;
    expectDocumented(
      'post',
      '/cameras/{id}/clips/{clipId}/links',
      await h.http().post(`/cameras/${cameraId}/clips/${clipId}/links`).set(auth(resident)).send({ asset: 'clip' }),
    );
    expectDocumented('get', '/owner/footage-requests', await h.http().get('/owner/footage-requests').set(auth(resident)));
  });

  it('the residents’ portal: edit a camera, the deletion preview, removal, account deletion', async () => {
    const owner = await h.user('resident', 'portal-contract');
    const own = await seedCamera(h.db.owner, owner.id, { wardId, label: 'portal contract' });
    expectDocumented(
      'patch',
      '/cameras/{id}',
      await h
        .http()
        .patch(`/cameras/${own}`)
        .set(auth(owner))
        .send({ label: 'Cổng sau', direction: { azimuthDeg: 90, fieldOfViewDeg: 80, rangeM: 25 } }),
    );
    expectDocumented('get', '/auth/me/deletion-preview', await h.http().get('/auth/me/deletion-preview').set(auth(owner)));
    expectDocumented('delete', '/cameras/{id}', await h.http().delete(`/cameras/${own}`).set(auth(owner)));
    await seedCamera(h.db.owner, owner.id, { wardId, label: 'portal contract 2' });
    expectDocumented('delete', '/auth/me', await h.http().delete('/auth/me').set(auth(owner)).send({ password: owner.password }));
    // The snapshot is a JPEG, not JSON (a seeded camera has no device to take one from): documented as such.
    const snapshot = (DOCUMENT.paths['/cameras/{id}/snapshot'] as { get: { responses: Record<string, { content?: object }> } }).get;
    expect(snapshot.responses['200'].content).toEqual({ 'image/jpeg': { schema: { type: 'string', format: 'binary' } } });
    expect(Object.keys(snapshot.responses)).toEqual(expect.arrayContaining(['403', '409', '429', '502', '503']));
  });

  it('as an officer', async () => {
    expectDocumented('get', '/investigations', await h.http().get('/investigations').set(auth(officer)));
    expectDocumented('get', '/investigations/{id}', await h.http().get(`/investigations/${investigationId}`).set(auth(officer)));
    expectDocumented(
      'get',
      '/investigations/{id}/footage-requests',
      await h.http().get(`/investigations/${investigationId}/footage-requests`).set(auth(officer)),
    );
    expectDocumented(
      'get',
      '/investigations/{id}/clips',
      await h.http().get(`/investigations/${investigationId}/clips`).set(auth(officer)),
    );
    expectDocumented(
      'get',
      '/investigations/{id}/links',
      await h.http().get(`/investigations/${investigationId}/links`).set(auth(officer)),
    );
    const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const to = new Date().toISOString();
    expectDocumented(
      'get',
      '/search/cameras',
      await h.http().get('/search/cameras').query({ wardId, from, to, investigationId }).set(auth(officer)),
    );
  });

  it('as an officer filing requests and handing over the lead', async () => {
    const colleague = await h.user('officer');
    const camera = await seedCamera(h.db.owner, resident.id, { wardId, label: 'contract polygon', latitude: 10.79, longitude: 106.69 });
    const opened = await h
      .http()
      .post('/investigations')
      .set(auth(officer))
      .send({ caseNumber: `OAS-LEAD-${h.db.name}`, title: 'lead', summary: 'members and limits' });
    const id = (opened.body as { id: string }).id;
    expectDocumented(
      'post',
      '/investigations/{id}/members',
      await h.http().post(`/investigations/${id}/members`).set(auth(officer)).send({ userId: colleague.id }),
    );
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [106.6895, 10.7895],
          [106.6905, 10.7895],
          [106.6905, 10.7905],
          [106.6895, 10.7905],
          [106.6895, 10.7895],
        ],
      ],
    };
    const filed = await h
      .http()
      .post(`/investigations/${id}/footage-requests`)
      .set(auth(officer))
      .send({
        polygon,
        from: new Date(Date.now() - 15 * 3_600_000),
        to: new Date(Date.now() - 2 * 3_600_000),
        reason: 'suspect passed',
        legalBasis: 'CPC art. 88',
        justification: 'The suspect waited nearby for most of the day; the whole day is needed.',
      });
    expectDocumented('post', '/investigations/{id}/footage-requests', filed);
    expect((filed.body as { cameras: { cameraId: string }[] }).cameras.map((c) => c.cameraId)).toContain(camera);
    const requestId = (filed.body as { id: string }).id;
    expectDocumented('get', '/footage-requests/{id}', await h.http().get(`/footage-requests/${requestId}`).set(auth(officer)));
    expectDocumented('get', '/investigations', await h.http().get('/investigations').set(auth(officer)));
    expectDocumented(
      'get',
      '/investigations/{id}/footage-requests',
      await h.http().get(`/investigations/${id}/footage-requests`).set(auth(officer)),
    );
    expectDocumented('get', '/footage-requests', await h.http().get('/footage-requests').set(auth(supervisor)));
    expectDocumented(
      'post',
      '/investigations/{id}/lead',
      await h.http().post(`/investigations/${id}/lead`).set(auth(officer)).send({ userId: colleague.id }),
    );
    expectDocumented(
      'delete',
      '/investigations/{id}/members/{userId}',
      await h.http().delete(`/investigations/${id}/members/${officer.id}`).set(auth(colleague)),
    );
  });

  it('as a supervisor', async () => {
    expectDocumented('get', '/footage-requests', await h.http().get('/footage-requests').set(auth(supervisor)));
    expectDocumented('get', '/audit/entries', await h.http().get('/audit/entries?limit=5').set(auth(supervisor)));
    expectDocumented('get', '/audit/flags', await h.http().get('/audit/flags').set(auth(supervisor)));
    expectDocumented('get', '/audit/verify', await h.http().get('/audit/verify').set(auth(supervisor)));
    expectDocumented(
      'post',
      '/footage/integrity-checks',
      await h.http().post('/footage/integrity-checks').set(auth(supervisor)).send({ limit: 10 }),
    );
    expectDocumented(
      'get',
      '/footage/integrity-checks/progress',
      await h.http().get('/footage/integrity-checks/progress').set(auth(supervisor)),
    );
  });
});
