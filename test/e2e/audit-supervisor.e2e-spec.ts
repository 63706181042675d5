import { randomUUID } from 'node:crypto';
import { AuditService, hashAuditEntry, type AuditRecordInput } from '@wardwatch/audit';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { sleep, until } from '../support/waiting';

interface Entry {
  seq: string;
  at: string;
  actorId: string | null;
  action: string;
  cameraId: string | null;
  investigationId: string | null;
  details: Record<string, unknown>;
}

/** A strict RFC 4180 reader (quoted fields, doubled quotes, CRLF records), so the test checks the format. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') field += text[i++];
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  return records;
}

describe('supervisor audit: filters, chain verification, CSV export, flags', () => {
  let h: ApiHarness;
  let supervisor: TestUser;
  let officer: TestUser;
  let otherOfficer: TestUser;
  let audit: AuditService;
  const camera = randomUUID();
  const investigation = randomUUID();
  let betweenAt: Date;
  let since: string;

  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const record = (actor: TestUser, action: AuditRecordInput['action'], extra: Partial<AuditRecordInput> = {}) =>
    audit.record({ actor: { userId: actor.id, role: actor.role }, action, subject: { type: 'test' }, ...extra });
  const entries = async (query: string): Promise<Entry[]> =>
    ((await h.http().get(`/audit/entries?${query}`).set(as(supervisor)).expect(200)).body as { items: Entry[] }).items;

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.user('supervisor');
    officer = await h.user('officer');
    otherOfficer = await h.user('officer');
    audit = h.app.get(AuditService);
    // The logins above are in the log too; the actor filters below start after them.
    await sleep(5);
    since = `from=${encodeURIComponent(new Date().toISOString())}`;
    // What the other modules will record; written through the real service into the real chain.
    await record(officer, 'search.events', { details: { street: 'Hoàng Văn Thái' } });
    await record(officer, 'search.events', { investigationId: investigation });
    await record(officer, 'link.issued', { cameraId: camera, investigationId: investigation, subject: { type: 'clip', id: 'clip-1' } });
    await sleep(5);
    betweenAt = new Date();
    await sleep(5);
    await record(otherOfficer, 'link.revoked', { cameraId: camera });
    await record(otherOfficer, 'linkage.made');
    await record(officer, 'ab_c.done');
    await record(officer, 'abxc.done');
    await record(officer, 'note.written', { details: { text: 'comma, "quotes"\r\nand a new line' } });
  });
  afterAll(() => h.close());

  describe('GET /audit/entries filters', () => {
    it('by actor', async () => {
      const items = await entries(`actorId=${otherOfficer.id}&${since}`);
      expect(items.map((e) => e.action)).toEqual(['linkage.made', 'link.revoked']);
    });

    it('by exact action', async () => {
      expect((await entries('action=link.issued')).map((e) => e.actorId)).toEqual([officer.id]);
    });

    it('by action prefix: the domain only, not a longer domain name', async () => {
      expect((await entries('action=link.')).map((e) => e.action)).toEqual(['link.revoked', 'link.issued']);
    });

    it('treats _ in a prefix as a letter, not a wildcard', async () => {
      expect((await entries('action=ab_c.')).map((e) => e.action)).toEqual(['ab_c.done']);
    });

    it('by camera and by investigation', async () => {
      expect((await entries(`cameraId=${camera}`)).map((e) => e.action)).toEqual(['link.revoked', 'link.issued']);
      expect((await entries(`investigationId=${investigation}`)).map((e) => e.action)).toEqual(['link.issued', 'search.events']);
    });

    it('by time: from is inclusive, to exclusive, and both combine with other filters', async () => {
      const iso = encodeURIComponent(betweenAt.toISOString());
      expect((await entries(`action=link.&from=${iso}`)).map((e) => e.action)).toEqual(['link.revoked']);
      expect((await entries(`action=link.&to=${iso}`)).map((e) => e.action)).toEqual(['link.issued']);
      expect(await entries(`actorId=${otherOfficer.id}&${since}&to=${iso}`)).toEqual([]);
    });

    it('pages newest first with the cursor', async () => {
      const first = (await h.http().get(`/audit/entries?actorId=${officer.id}&${since}&limit=2`).set(as(supervisor)).expect(200)).body;
      const second = (await h.http().get(`/audit/entries?actorId=${officer.id}&${since}&limit=2&cursor=${first.next}`).set(as(supervisor)))
        .body;
      expect(first.items.map((e: Entry) => e.action)).toEqual(['note.written', 'abxc.done']);
      expect(second.items.map((e: Entry) => e.action)).toEqual(['ab_c.done', 'link.issued']);
    });

    it('refuses a malformed action with a 400 that says what it should look like', async () => {
      const res = await h.http().get('/audit/entries?action=DROP%20TABLE').set(as(supervisor)).expect(400);
      expect(JSON.stringify(res.body)).toMatch(/domain\.verb/);
    });
  });

  describe('GET /audit/entries.csv', () => {
    it('streams every matching entry as RFC 4180 CSV, from which each hash recomputes', async () => {
      const res = await h.http().get(`/audit/entries.csv?actorId=${officer.id}&${since}`).set(as(supervisor)).buffer(true).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-.*\.csv"$/);
      // A UTF-8 byte order mark first, for spreadsheet programs; then plain RFC 4180.
      expect(res.text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = parseCsv(res.text.slice(1));
      expect(header).toEqual([
        'seq',
        'at',
        'actor_id',
        'actor_role',
        'actor_name',
        'action',
        'subject_type',
        'subject_id',
        'camera_id',
        'investigation_id',
        'details',
        'prev_hash',
        'hash',
      ]);
      const col = (name: string) => header.indexOf(name);
      // Oldest first, the officer's six entries.
      expect(rows.map((r) => r[col('action')])).toEqual([
        'search.events',
        'search.events',
        'link.issued',
        'ab_c.done',
        'abxc.done',
        'note.written',
      ]);
      const note = rows.find((r) => r[col('action')] === 'note.written')!;
      expect(JSON.parse(note[col('details')])).toEqual({ text: 'comma, "quotes"\r\nand a new line' });
      for (const r of rows) {
        const empty = (v: string) => (v === '' ? null : v);
        expect(
          hashAuditEntry({
            seq: r[col('seq')],
            at: new Date(r[col('at')]),
            actorId: empty(r[col('actor_id')]),
            actorRole: empty(r[col('actor_role')]),
            action: r[col('action')],
            subjectType: r[col('subject_type')],
            subjectId: empty(r[col('subject_id')]),
            cameraId: empty(r[col('camera_id')]),
            investigationId: empty(r[col('investigation_id')]),
            details: JSON.parse(r[col('details')]),
            prevHash: r[col('prev_hash')],
          }),
        ).toBe(r[col('hash')]);
      }
    });

    it('is itself audited, with its filters', async () => {
      await h.http().get('/audit/entries.csv?action=link.').set(as(supervisor)).expect(200);
      const [exported] = await entries(`action=audit.exported&actorId=${supervisor.id}&limit=1`);
      expect(exported.details).toEqual({ format: 'csv', filters: { action: 'link.' } });
    });

    it('exports a log larger than one page, in order, without gaps', async () => {
      const many = 1001; // the export reads pages of 1000
      for (let i = 0; i < many; i += 10) {
        await Promise.all(
          Array.from({ length: Math.min(10, many - i) }, (_, k) => record(otherOfficer, 'bulk.appended', { details: { i: i + k } })),
        );
      }
      const res = await h.http().get('/audit/entries.csv?action=bulk.appended').set(as(supervisor)).buffer(true).expect(200);
      const rows = parseCsv(res.text.slice(1)).slice(1);
      expect(rows).toHaveLength(many);
      const seqs = rows.map((r) => Number(r[0]));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(rows.map((r) => JSON.parse(r[10]).i)).size).toBe(many);
    });
  });

  describe('GET /audit/flags', () => {
    let flagger: TestUser;
    let t0: Date;
    beforeAll(async () => {
      t0 = new Date(Date.now() - 1);
      flagger = await h.user('officer');
      for (let i = 0; i < 5; i++) await record(flagger, 'link.issued', { subject: { type: 'clip', id: `c${i}` } });
      await record(otherOfficer, 'link.issued');
      await record(flagger, 'search.places', { details: { ward: 'demo-an-binh' } });
      await audit.record({
        actor: { userId: randomUUID(), role: 'resident' },
        action: 'footage_request.owner_declined',
        subject: { type: 'footage_request', id: 'r1' },
        investigationId: investigation,
      });
      await h.http().get('/users').set(as(flagger)).expect(403);
    });

    const flags = async (query = '') =>
      (
        await h
          .http()
          .get(`/audit/flags?from=${encodeURIComponent(t0.toISOString())}${query}`)
          .set(as(supervisor))
          .expect(200)
      ).body as {
        items: { kind: string; actorId: string | null; investigationId: string | null; entryCount: number; entries: Entry[] }[];
        next: null;
        downloadRule: { maxLinks: number; windowMinutes: number };
      };

    it('flags each pattern and lists the entries it is based on', async () => {
      const body = await flags('&maxLinks=3&windowMinutes=10');
      expect(body.downloadRule).toEqual({ maxLinks: 3, windowMinutes: 10 });
      const byKind = (kind: string) => body.items.filter((f) => f.kind === kind);

      const [searches] = byKind('search_without_investigation');
      expect(searches).toMatchObject({ actorId: flagger.id, entryCount: 1 });
      expect(searches.entries.map((e) => e.action)).toEqual(['search.places']);

      const bursts = byKind('download_burst');
      expect(bursts).toHaveLength(1);
      expect(bursts[0]).toMatchObject({ actorId: flagger.id, entryCount: 5 });
      expect(bursts[0].entries.every((e) => e.action === 'link.issued' && e.actorId === flagger.id)).toBe(true);

      const [declined] = byKind('request_declined_by_owner');
      expect(declined).toMatchObject({ investigationId: investigation, entryCount: 1 });
      expect(declined.entries[0].action).toBe('footage_request.owner_declined');

      const [refused] = byKind('access_refused');
      expect(refused).toMatchObject({ actorId: flagger.id, entryCount: 1 });
      expect(refused.entries[0].details).toMatchObject({ method: 'GET', route: '/api/v1/users' });
    });

    it('uses the configured download rule by default (20 in 10 minutes): five links are not a burst', async () => {
      const body = await flags();
      expect(body.downloadRule).toEqual({ maxLinks: 20, windowMinutes: 10 });
      expect(body.items.filter((f) => f.kind === 'download_burst')).toEqual([]);
    });

    it('leaves out what happened before the period', async () => {
      const body = (
        await h
          .http()
          .get(`/audit/flags?from=${encodeURIComponent(new Date().toISOString())}`)
          .set(as(supervisor))
          .expect(200)
      ).body;
      expect(body.items).toEqual([]);
    });

    it('refuses an inverted or too long period with a 400 saying so', async () => {
      const res = await h.http().get('/audit/flags?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z').set(as(supervisor)).expect(400);
      expect(res.body.detail).toMatch(/from must be before to/);
      const long = await h.http().get('/audit/flags?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z').set(as(supervisor)).expect(400);
      expect(long.body.detail).toMatch(/longer than 92 days/);
    });
  });

  describe('refused access is audited', () => {
    it('a signed-in user refused a route: access.refused with the route and method, before the 403 is answered', async () => {
      const res = await h.http().get('/audit/verify').set(as(otherOfficer)).expect(403);
      expect(res.body.detail).toMatch(/this action is for supervisor/);
      const [entry] = await entries(`action=access.refused&actorId=${otherOfficer.id}&limit=1`);
      expect(entry).toMatchObject({
        action: 'access.refused',
        details: { method: 'GET', route: '/api/v1/audit/verify', path: '/api/v1/audit/verify' },
      });
    });

    it('an anonymous 401 is not audited', async () => {
      const before = (await h.db.owner.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'access.refused'`)).rows[0].n;
      await h.http().get('/audit/verify').expect(401);
      await h.http().get('/audit/verify').set('Authorization', 'Bearer not.a.token').expect(401);
      const after = (await h.db.owner.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'access.refused'`)).rows[0].n;
      expect(after).toBe(before);
    });
  });

  describe('GET /audit/verify', () => {
    it('passes on the untouched chain, then names the entry an owner changed behind the triggers', async () => {
      const ok = (await h.http().get('/audit/verify').set(as(supervisor)).expect(200)).body;
      expect(ok).toMatchObject({ ok: true });
      expect(Number(ok.headSeq)).toBe(ok.entries);

      const [target] = await entries(`action=link.issued&actorId=${officer.id}`);
      await h.db.owner.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      try {
        await h.db.owner.query(`UPDATE audit_entries SET details = '{"altered": true}' WHERE seq = $1`, [target.seq]);
      } finally {
        await h.db.owner.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
      }

      const broken = (await h.http().get('/audit/verify').set(as(supervisor)).expect(200)).body;
      expect(broken).toMatchObject({ ok: false, firstBroken: { seq: target.seq }, lastGoodSeq: String(Number(target.seq) - 1) });
      expect(broken.firstBroken.reason).toMatch(/changed after it was written/);
      // The failed verification is itself on the record.
      const verified = await until(
        'the audit.verified entry of the failed check',
        () => entries(`action=audit.verified&actorId=${supervisor.id}&limit=1`),
        (items) => items[0]?.details.ok === false,
      );
      expect(verified[0].details).toMatchObject({ firstBroken: { seq: target.seq } });
    });
  });
});
