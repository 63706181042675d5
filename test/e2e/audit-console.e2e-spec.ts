import { randomUUID } from 'node:crypto';
import { AuditService, type AuditRecordInput } from '@wardwatch/audit';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { DEMO_WARDS } from '../support/fixtures';
import { until } from '../support/waiting';

interface Entry {
  seq: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}
interface Run {
  id: string;
  state: string;
  checked: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  firstBroken: { seq: string; reason: string } | null;
  headSeq: string | null;
  headHash: string | null;
}

/** The supervisor's questions (clip, returned camera, street), actor names, flag explanations, background verification. */
describe('audit console: reference filters, names, explanations, verification runs', () => {
  let h: ApiHarness;
  let admin: TestUser;
  let supervisor: TestUser;
  let officer: TestUser;
  let otherOfficer: TestUser;
  let resident: TestUser;
  let audit: AuditService;
  const ward: Record<string, string> = {};
  const cam: Record<string, string> = {};
  const street: Record<string, string> = {};
  const clip = randomUUID();
  const otherClip = randomUUID();
  const OFFICER_NAME = 'Trần Thị Bình';

  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const entries = async (query: string): Promise<Entry[]> =>
    ((await h.http().get(`/audit/entries?${query}`).set(as(supervisor)).expect(200)).body as { items: Entry[] }).items;
  const record = (actor: TestUser, action: AuditRecordInput['action'], extra: Partial<AuditRecordInput> = {}) =>
    audit.record({ actor: { userId: actor.id, role: actor.role }, action, subject: { type: 'test' }, ...extra });
  const search = (user: TestUser, query: Record<string, string>) =>
    h
      .http()
      .get('/search/cameras')
      .query({ from: '2026-11-28T00:00:00Z', to: '2026-11-28T12:00:00Z', ...query })
      .set(as(user))
      .expect(200);

  async function camera(key: string, wardCode: string, streetName: string, port: number): Promise<void> {
    const { rows } = await h.db.owner.query<{ id: string }>(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health, last_probed_at)
       VALUES ($1, $2, $3, $4, '12', 10.79, 106.69, '10.88.0.9', $5, '/onvif/device_service', 'sealed', '{}', 'Profile_1',
         'rtsp://10.88.0.9/stream', 'H264', 320, 240, 0, 'active', 'online', now()) RETURNING id`,
      [resident.id, `cam ${key}`, ward[wardCode], streetName, port],
    );
    cam[key] = rows[0].id;
    await h.db.owner.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       VALUES ($1, 1, 'given', '{event_metadata,clips,police_search}', 7, 'ask', '2026-11', 'vi', 'api', $2, now())`,
      [cam[key], resident.id],
    );
  }

  beforeAll(async () => {
    h = await startApi();
    audit = h.app.get(AuditService);
    admin = await h.user('admin');
    supervisor = await h.user('supervisor');
    officer = await h.user('officer');
    otherOfficer = await h.user('officer');
    resident = await h.user('resident');
    await h.db.owner.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [officer.id, OFFICER_NAME]);
    const wards = await h.http().post('/wards/import').set(as(admin)).send(DEMO_WARDS).expect(201);
    for (const w of wards.body as { id: string; code: string }[]) ward[w.code] = w.id;
    for (const code of ['demo-an-binh', 'demo-hoa-thuan']) {
      const imported = await h
        .http()
        .post(`/wards/${ward[code]}/streets/import`)
        .set(as(admin))
        .send({ names: ['Hoàng Văn Thái', 'Hoàng Văn Thụ'] })
        .expect(201);
      for (const s of (imported.body as { streets: { id: string; name: string }[] }).streets) street[`${code}/${s.name}`] = s.id;
    }
    await camera('thai', 'demo-an-binh', 'Hoàng Văn Thái', 2001);
    await camera('thu', 'demo-an-binh', 'Hoàng Văn Thụ', 2002);
  });
  afterAll(() => h.close());

  describe('which searches returned this camera', () => {
    it('finds the search that returned camera X by returnedCameraId=X, and not by another camera', async () => {
      const thai = await search(officer, { street: 'Hoàng Văn Thái', wardId: ward['demo-an-binh'] });
      expect((thai.body as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([cam.thai]);
      await search(otherOfficer, { street: 'Hoàng Văn Thụ', wardId: ward['demo-an-binh'] });

      const byThai = await entries(`returnedCameraId=${cam.thai}`);
      expect(byThai.map((e) => [e.action, e.actorId])).toEqual([['search.performed', officer.id]]);
      const byThu = await entries(`returnedCameraId=${cam.thu}`);
      expect(byThu.map((e) => e.actorId)).toEqual([otherOfficer.id]);
      expect(await entries(`returnedCameraId=${randomUUID()}`)).toEqual([]);
    });
  });

  describe('who searched this street', () => {
    it("finds street searches by the gazetteer's street, with or without diacritics, in its ward or in none", async () => {
      const plain = await record(officer, 'search.performed', {
        details: { place: { kind: 'street', street: 'hoang van thai', wardId: ward['demo-an-binh'] } },
      });
      const anyWard = await record(otherOfficer, 'search.performed', {
        details: { place: { kind: 'street', street: 'HOÀNG  Văn Thái', wardId: null } },
      });
      // The same name in another ward is another street; an area search names no street.
      await record(officer, 'search.performed', {
        details: { place: { kind: 'street', street: 'Hoàng Văn Thái', wardId: ward['demo-hoa-thuan'] } },
      });
      await record(officer, 'search.performed', {
        details: { place: { kind: 'radius', latitude: 10.79, longitude: 106.69, radiusM: 100 } },
      });

      const found = await entries(`streetId=${street['demo-an-binh/Hoàng Văn Thái']}&action=search.`);
      const seqs = found.map((e) => e.seq);
      expect(seqs).toEqual(expect.arrayContaining([plain.seq, anyWard.seq]));
      // The real search of the describe above (officer, Hoàng Văn Thái in An Bình) is one of them too.
      expect(found).toHaveLength(3);
      expect(found.every((e) => e.action === 'search.performed')).toBe(true);

      const thu = await entries(`streetId=${street['demo-an-binh/Hoàng Văn Thụ']}`);
      expect(thu.map((e) => e.actorId)).toEqual([otherOfficer.id]);
      const other = await entries(`streetId=${street['demo-hoa-thuan/Hoàng Văn Thái']}`);
      expect(other.map((e) => e.seq).sort()).toEqual([anyWard.seq, String(Number(anyWard.seq) + 1)].sort());
    });
  });

  describe('who viewed or downloaded this clip', () => {
    it('finds entries whose subject is the clip (issued, opened) and those whose details name it (export)', async () => {
      const issued = await record(officer, 'link.issued', {
        subject: { type: 'clip', id: clip },
        details: { kind: 'download', asset: 'clip' },
      });
      const opened = await record(officer, 'link.opened', { subject: { type: 'clip', id: clip } });
      const exported = await record(otherOfficer, 'evidence.export_started', {
        subject: { type: 'evidence_export', id: randomUUID() },
        details: {
          files: [
            { path: 'a.mp4', clipId: clip },
            { path: 'manifest.json', clipId: null },
          ],
        },
      });
      await record(otherOfficer, 'link.issued', { subject: { type: 'clip', id: otherClip } });

      const found = await entries(`clipId=${clip}`);
      expect(found.map((e) => e.seq)).toEqual([exported.seq, opened.seq, issued.seq]);
      expect(found.find((e) => e.action === 'link.issued')).toMatchObject({ actorName: OFFICER_NAME });
      expect((await entries(`clipId=${clip}&action=link.issued`)).map((e) => e.seq)).toEqual([issued.seq]);
      expect((await entries(`clipId=${otherClip}`)).map((e) => e.actorId)).toEqual([otherOfficer.id]);
    });

    it('refuses a clip id that is not a UUID', async () => {
      const res = await h.http().get('/audit/entries?clipId=not-a-clip').set(as(supervisor)).expect(400);
      expect(JSON.stringify(res.body)).toMatch(/clipId/);
    });
  });

  describe('actor names', () => {
    it('names each actor in the list (null for the system and for a deleted account)', async () => {
      const [mine] = await entries(`actorId=${officer.id}&limit=1`);
      expect(mine.actorName).toBe(OFFICER_NAME);
      await audit.record({ actor: { userId: null, role: 'system' }, action: 'test.system', subject: { type: 'test' } });
      expect((await entries('action=test.system'))[0].actorName).toBeNull();
      const leaving = await h.user('resident');
      await record(leaving, 'test.leaving');
      // As AccountsService deletes an account: the row stays (entries still resolve the id), marked deleted.
      await h.db.owner.query(`UPDATE users SET deleted_at = now(), display_name = 'deleted account' WHERE id = $1`, [leaving.id]);
      expect((await entries('action=test.leaving'))[0].actorName).toBeNull();
    });

    it('exports CSV starting with a UTF-8 BOM, with the actor name column in UTF-8', async () => {
      const res = await h
        .http()
        .get(`/audit/entries.csv?actorId=${officer.id}&action=link.`)
        .set(as(supervisor))
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      const [header, row] = text.split('\r\n');
      expect(header.split(',').slice(0, 6)).toEqual(['seq', 'at', 'actor_id', 'actor_role', 'actor_name', 'action']);
      expect(row.split(',').slice(2, 6)).toEqual([officer.id, 'officer', OFFICER_NAME, 'link.issued']);
    });
  });

  describe('flag explanations', () => {
    it('explains each flag in a sentence with its numbers, and gives the rule for other languages', async () => {
      const since = new Date(Date.now() - 1).toISOString();
      const refused = await h.user('officer');
      await h.http().get('/users').set(as(refused)).expect(403);
      await h.http().get('/users').set(as(refused)).expect(403);
      const body = (
        await h
          .http()
          .get(`/audit/flags?from=${encodeURIComponent(since)}`)
          .set(as(supervisor))
          .expect(200)
      ).body as {
        items: {
          kind: string;
          actorId: string;
          explanation: string;
          rule: { kind: string; params: Record<string, number> };
          entries: Entry[];
        }[];
      };
      const flag = body.items.find((f) => f.kind === 'access_refused' && f.actorId === refused.id)!;
      expect(flag.rule).toEqual({ kind: 'access_refused', params: { attempts: 2 } });
      expect(flag.explanation).toBe('This account was refused 2 times when it tried to use a function its role does not allow.');
      expect(flag.entries[0].actorName).toBe(refused.email.split('-')[0]);
    });
  });

  describe('chain verification runs', () => {
    const start = () => h.http().post('/audit/verifications').set(as(supervisor)).send({}).expect(202);
    const get = async (id: string): Promise<Run> =>
      (await h.http().get(`/audit/verifications/${id}`).set(as(supervisor)).expect(200)).body as Run;
    const finished = (id: string) =>
      until(
        `verification ${id} to finish`,
        () => get(id),
        (r) => r.state !== 'running',
        30_000,
      );

    it('walks the whole chain in the background, with progress, to ok; audited', async () => {
      const head = (await h.db.owner.query(`SELECT max(seq)::int AS n FROM audit_entries`)).rows[0].n as number;
      const started = (await start()).body as Run;
      expect(started).toMatchObject({ state: 'running', checked: 0, total: head, finishedAt: null });
      const done = await finished(started.id);
      expect(done).toMatchObject({ state: 'ok', checked: head, total: head, headSeq: String(head), firstBroken: null });
      expect(done.headHash).toMatch(/^[0-9a-f]{64}$/);
      const [verified] = await until(
        'the audit.verified entry',
        () => entries(`action=audit.verified&actorId=${supervisor.id}&limit=1`),
        (items) => items[0]?.details.verificationId === started.id,
      );
      expect(verified.details).toMatchObject({ ok: true, entries: head, headHash: done.headHash });
      // The old one-request verification still answers.
      expect((await h.http().get('/audit/verify').set(as(supervisor)).expect(200)).body).toMatchObject({ ok: true });
    });

    it('runs one at a time, and reports a run its process left behind as interrupted', async () => {
      const { rows } = await h.db.owner.query<{ id: string }>(
        `INSERT INTO audit_verifications (state, total, started_at, updated_at) VALUES ('running', 10, now(), now()) RETURNING id`,
      );
      const left = rows[0].id;
      expect(((await start()).body as Run).id).toBe(left);
      await h.db.owner.query(`UPDATE audit_verifications SET updated_at = now() - interval '5 minutes' WHERE id = $1`, [left]);
      expect(await get(left)).toMatchObject({ state: 'interrupted', checked: 0 });
      const next = (await start()).body as Run;
      expect(next.id).not.toBe(left);
      expect((await finished(next.id)).state).toBe('ok');
    });

    it('answers 404 for an unknown run', async () => {
      const res = await h.http().get(`/audit/verifications/${randomUUID()}`).set(as(supervisor)).expect(404);
      expect(res.body.type).toMatch(/audit\.verification_not_found/);
    });

    it('reports broken with the entry and why, when a row was changed behind the triggers', async () => {
      const [target] = await entries(`action=link.issued&clipId=${clip}`);
      await h.db.owner.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      try {
        await h.db.owner.query(`UPDATE audit_entries SET details = '{"kind": "view"}' WHERE seq = $1`, [target.seq]);
      } finally {
        await h.db.owner.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
      }
      const run = (await start()).body as Run;
      const done = await finished(run.id);
      expect(done).toMatchObject({
        state: 'broken',
        checked: Number(target.seq) - 1,
        firstBroken: { seq: target.seq },
        headSeq: String(Number(target.seq) - 1),
      });
      expect(done.firstBroken!.reason).toMatch(/changed after it was written/);
    });
  });
});
