import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditAnchorStore, AuditEntryEntity, AuditLogRepository, AuditService, hashAuditEntry, SYSTEM_ACTOR } from '@wardwatch/audit';
import { ObjectStore } from '@wardwatch/storage';
import { coreConfig } from '../support/test-environment';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** An AuditService over its own pool, as one process of the service would have. */
async function auditServiceFor(url: string): Promise<{ service: AuditService; dataSource: DataSource }> {
  const dataSource = new DataSource({ type: 'postgres', url, entities: [AuditEntryEntity], poolSize: 4 });
  await dataSource.initialize();
  return { service: new AuditService(new AuditLogRepository(dataSource)), dataSource };
}

const record = (service: AuditService, i: number, writer: string) =>
  service.record({
    actor: SYSTEM_ACTOR,
    action: 'test.appended',
    subject: { type: 'test', id: `${writer}-${i}` },
    details: { writer, i, nested: { z: 1, a: [i, 'x'] } },
  });

describe('audit chain against the real PostgreSQL', () => {
  let db: TestDatabase;
  let a: Awaited<ReturnType<typeof auditServiceFor>>;

  beforeEach(async () => {
    db = await createTestDatabase();
    a = await auditServiceFor(db.appUrl);
  });
  afterEach(async () => {
    await a.dataSource.destroy();
    await db.drop();
  });

  it('two concurrent writers (separate pools, as two processes) produce one unbroken chain', async () => {
    const b = await auditServiceFor(db.appUrl);
    const N = 60;
    try {
      await Promise.all([
        Promise.all(Array.from({ length: N }, (_, i) => record(a.service, i, 'a'))),
        Promise.all(Array.from({ length: N }, (_, i) => record(b.service, i, 'b'))),
      ]);
    } finally {
      await b.dataSource.destroy();
    }
    const verification = await a.service.verify();
    expect(verification).toMatchObject({ ok: true, entries: 2 * N, headSeq: String(2 * N) });
    const { rows } = await db.owner.query<{ seq: string; prev_hash: string; hash: string }>(
      'SELECT e.seq::text AS seq, e.prev_hash, e.hash FROM audit_entries e ORDER BY e.seq',
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 2 * N }, (_, i) => i + 1));
    // No fork: every hash is the prev_hash of exactly the next entry.
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
  });

  it('the application role can neither UPDATE, DELETE nor TRUNCATE audit entries', async () => {
    await record(a.service, 1, 'a');
    const app = new Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await expect(app.query(`UPDATE audit_entries SET action = 'x.y'`)).rejects.toThrow(/permission denied/);
      await expect(app.query('DELETE FROM audit_entries')).rejects.toThrow(/permission denied/);
      await expect(app.query('TRUNCATE audit_entries')).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it('even the owner is stopped by the triggers unless it disables them', async () => {
    await record(a.service, 1, 'a');
    await expect(db.owner.query(`UPDATE audit_entries SET action = 'x.y'`)).rejects.toThrow(/append-only: UPDATE is not allowed/);
    await expect(db.owner.query('DELETE FROM audit_entries')).rejects.toThrow(/append-only: DELETE is not allowed/);
    await expect(db.owner.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
    const { rows } = await db.owner.query('SELECT count(*)::int AS n FROM audit_entries');
    expect(rows[0].n).toBe(1);
  });

  describe('verification finds the first broken entry', () => {
    beforeEach(async () => {
      for (let i = 1; i <= 10; i++) await record(a.service, i, 'a');
      expect((await a.service.verify()).ok).toBe(true);
    });

    const tamper = async (sql: string) => {
      await db.owner.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      await db.owner.query(sql);
      await db.owner.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    };

    it('a changed detail', async () => {
      await tamper(`UPDATE audit_entries SET details = jsonb_set(details, '{i}', '99') WHERE seq = 6`);
      const v = await a.service.verify();
      expect(v).toMatchObject({ ok: false, entries: 5, lastGoodSeq: '5', firstBroken: { seq: '6' } });
      expect(v.ok === false && v.firstBroken.reason).toMatch(/changed after it was written/);
    });

    it('a changed timestamp', async () => {
      await tamper(`UPDATE audit_entries SET at = at - interval '1 hour' WHERE seq = 3`);
      expect(await a.service.verify()).toMatchObject({ ok: false, firstBroken: { seq: '3' } });
    });

    it('a deleted entry', async () => {
      await tamper('DELETE FROM audit_entries WHERE seq = 4');
      const v = await a.service.verify();
      expect(v).toMatchObject({ ok: false, lastGoodSeq: '3', firstBroken: { seq: '5' } });
      expect(v.ok === false && v.firstBroken.reason).toMatch(/entry 4 is missing/);
    });

    it('a rewritten entry with a recomputed hash still breaks the next link', async () => {
      // A forger who recomputes entry 7's hash cannot fix entry 8's prev_hash without rewriting the rest.
      const [row] = (await db.owner.query(`SELECT * FROM audit_entries WHERE seq = 7`)).rows as Record<string, unknown>[];
      const forged = hashAuditEntry({
        seq: '7',
        at: row.at as Date,
        actorId: null,
        actorRole: 'system',
        action: 'test.appended',
        subjectType: 'test',
        subjectId: 'forged',
        cameraId: null,
        investigationId: null,
        details: row.details as Record<string, unknown>,
        prevHash: row.prev_hash as string,
      });
      await tamper(`UPDATE audit_entries SET subject_id = 'forged', hash = '${forged}' WHERE seq = 7`);
      const v = await a.service.verify();
      expect(v).toMatchObject({ ok: false, lastGoodSeq: '7', firstBroken: { seq: '8' } });
      expect(v.ok === false && v.firstBroken.reason).toMatch(/prev_hash does not match/);
    });
  });

  it('record() in a REPEATABLE READ caller transaction cannot fork the chain (it only queues; the seal chains)', async () => {
    await record(a.service, 0, 'a');
    await a.dataSource.transaction('REPEATABLE READ', (m) =>
      a.service.record({ actor: SYSTEM_ACTOR, action: 'test.appended', subject: { type: 'test' } }, m),
    );
    await record(a.service, 1, 'a');
    expect(await a.service.verify()).toMatchObject({ ok: true, entries: 3, headSeq: '3' });
  });

  it('an entry recorded in the caller transaction rolls back with it', async () => {
    await expect(
      a.dataSource.transaction('READ COMMITTED', async (m) => {
        await a.service.record({ actor: SYSTEM_ACTOR, action: 'test.appended', subject: { type: 'test' } }, m);
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    const { rows } = await db.owner.query('SELECT count(*)::int AS n FROM audit_entries');
    expect(rows[0].n).toBe(0);
    expect(await a.service.verify()).toMatchObject({ ok: true, entries: 0 });
  });

  it('the cameras an entry concerns are hashed in its details and indexed per camera, in the same transaction, append-only', async () => {
    const [c1, c2, c3] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const entry = await a.service.record({
      actor: SYSTEM_ACTOR,
      action: 'search.performed',
      subject: { type: 'camera_search' },
      cameraIds: [c2, c3],
      details: { place: { kind: 'ward' } },
    });
    await a.service.record({ actor: SYSTEM_ACTOR, action: 'link.issued', subject: { type: 'clip' }, cameraId: c1 });
    expect(entry.details.cameraIds).toEqual([c2, c3]);
    const indexed = await db.owner.query(`SELECT camera_id, seq::text AS seq FROM audit_entry_cameras ORDER BY seq, camera_id`);
    expect(indexed.rows).toEqual([...[c2, c3].sort().map((camera_id) => ({ camera_id, seq: '1' })), { camera_id: c1, seq: '2' }]);
    expect(await a.service.verify()).toMatchObject({ ok: true, entries: 2 });

    await expect(
      a.dataSource.transaction('READ COMMITTED', async (m) => {
        await a.service.record({ actor: SYSTEM_ACTOR, action: 'search.performed', subject: { type: 'x' }, cameraIds: [c1] }, m);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await db.owner.query(`SELECT count(*)::int AS n FROM audit_entry_cameras`)).rows[0].n).toBe(3);

    const app = new Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await expect(app.query(`DELETE FROM audit_entry_cameras`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`UPDATE audit_entry_cameras SET camera_id = $1`, [c3])).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(db.owner.query(`DELETE FROM audit_entry_cameras`)).rejects.toThrow(/append-only/);
  });
});

describe('the recorded head catches entries removed from the end', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let audit: AuditService;

  beforeEach(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: db.appUrl, entities: [AuditEntryEntity] });
    await dataSource.initialize();
    const store = new ObjectStore(coreConfig());
    await store.ensureBucket();
    audit = new AuditService(new AuditLogRepository(dataSource), new AuditAnchorStore(store));
  });
  afterEach(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('a chain cut short is valid by itself, but not against the head the last verification recorded', async () => {
    for (let i = 1; i <= 6; i++) await record(audit, i, 'a');
    expect(await audit.verifyAndAnchor()).toMatchObject({ ok: true, entries: 6, headSeq: '6' });
    await record(audit, 7, 'a');
    expect(await audit.verifyAndAnchor()).toMatchObject({ ok: true, headSeq: '7' });

    await db.owner.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await db.owner.query('DELETE FROM audit_entries WHERE seq >= 6');
    await db.owner.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');

    expect(await audit.verify()).toMatchObject({ ok: true, entries: 5 });
    const v = await audit.verifyAndAnchor();
    expect(v).toMatchObject({ ok: false, firstBroken: { seq: '7' } });
    expect(v.ok === false && v.firstBroken.reason).toMatch(/entries were removed from the end: .* saw entry 7, the chain now ends at 5/);
  });
});
