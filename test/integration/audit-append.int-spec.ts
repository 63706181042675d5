import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditEntryEntity, AuditLogRepository, AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** An AuditService over its own pool, as one process of the service would have: smaller than its writers, on purpose (a seal must not need a free connection). */
async function auditServiceFor(url: string, poolSize = 4): Promise<{ service: AuditService; dataSource: DataSource }> {
  const dataSource = new DataSource({ type: 'postgres', url, entities: [AuditEntryEntity], poolSize });
  await dataSource.initialize();
  return { service: new AuditService(new AuditLogRepository(dataSource)), dataSource };
}

const input = (id: string) => ({ actor: SYSTEM_ACTOR, action: 'test.appended' as const, subject: { type: 'test', id }, details: { id } });

describe('audit appends: queued in the writer transaction, sealed in batches', () => {
  let db: TestDatabase;
  let a: Awaited<ReturnType<typeof auditServiceFor>>;
  let b: Awaited<ReturnType<typeof auditServiceFor>>;

  beforeEach(async () => {
    db = await createTestDatabase();
    a = await auditServiceFor(db.appUrl);
    b = await auditServiceFor(db.appUrl);
  });
  afterEach(async () => {
    await a.dataSource.destroy();
    await b.dataSource.destroy();
    await db.drop();
  });

  const subjectsInChain = async (): Promise<string[]> =>
    (await db.owner.query<{ subject_id: string }>(`SELECT subject_id FROM audit_entries ORDER BY seq`)).rows.map((r) => r.subject_id);

  it('32 concurrent writers in two processes, with and without caller transactions, some rolled back: every committed entry once, none rolled back, gapless, verified, read after commit', async () => {
    const committed: string[] = [];
    const rolledBack: string[] = [];
    const writer = async (w: number) => {
      const audit = w % 2 === 0 ? a : b;
      for (let i = 0; i < 12; i++) {
        const id = `w${w}-${i}`;
        if (i % 3 === 0) {
          const entry = await audit.service.record(input(id));
          expect(entry.seq).not.toBe('');
          expect(entry.subjectId).toBe(id);
          committed.push(id);
        } else if (i % 3 === 1) {
          await audit.dataSource.transaction(async (m) => {
            await m.query('SELECT 1');
            await audit.service.recordMany([input(id), input(`${id}-2`)], m);
          });
          committed.push(id, `${id}-2`);
        } else {
          await expect(
            audit.dataSource.transaction(async (m) => {
              await audit.service.record(input(id), m);
              throw new Error('the audited change failed');
            }),
          ).rejects.toThrow('the audited change failed');
          rolledBack.push(id);
        }
        // Read after commit, from the other process's pool: the entry is already in the chain.
        const last = committed[committed.length - 1];
        const other = audit === a ? b : a;
        const seen = await other.dataSource.query(`SELECT 1 FROM audit_entries WHERE subject_id = $1`, [last]);
        expect(seen).toHaveLength(1);
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));

    const subjects = await subjectsInChain();
    expect([...subjects].sort()).toEqual([...committed].sort());
    expect(subjects.filter((s) => rolledBack.includes(s))).toEqual([]);
    const seqs = (await db.owner.query<{ seq: string }>(`SELECT e.seq::text AS seq FROM audit_entries e ORDER BY e.seq`)).rows.map((r) =>
      Number(r.seq),
    );
    expect(seqs).toEqual(Array.from({ length: committed.length }, (_, i) => i + 1));
    expect(await a.service.verify()).toMatchObject({ ok: true, entries: committed.length });
    expect((await db.owner.query(`SELECT count(*)::int AS n FROM audit_queue`)).rows[0].n).toBe(0);
  });

  it('an entry recorded in a transaction is in the chain, with its camera and reference indexes, when transaction() resolves', async () => {
    const camera = crypto.randomUUID();
    await a.dataSource.transaction(async (m) => {
      await a.service.record({ actor: SYSTEM_ACTOR, action: 'clip.deleted', subject: { type: 'clip', id: 'clip-1' }, cameraId: camera }, m);
      // Still only queued inside the transaction: nobody else can see it yet.
      expect((await db.owner.query(`SELECT count(*)::int AS n FROM audit_queue`)).rows[0].n).toBe(0);
    });
    const rows = await db.owner.query(
      `SELECT e.seq::text AS seq, c.camera_id, r.ref FROM audit_entries e
         JOIN audit_entry_cameras c ON c.seq = e.seq JOIN audit_entry_refs r ON r.seq = e.seq AND r.kind = 'clip'`,
    );
    expect(rows.rows).toEqual([{ seq: '1', camera_id: camera, ref: 'clip-1' }]);
  });

  it('a writer that died between its commit and the seal: the sweep seals its queued entry', async () => {
    await a.service.record(input('before'));
    // The queued row a crashed process leaves: committed, never sealed.
    const app = new Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await app.query(
        `INSERT INTO audit_queue (at, actor_role, action, subject_type, subject_id, details) VALUES (now(), 'system', 'test.appended', 'test', 'orphan', '{"id":"orphan"}')`,
      );
      // The application role may queue and seal (delete) queue rows, never rewrite them.
      await expect(app.query(`UPDATE audit_queue SET subject_id = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`TRUNCATE audit_queue`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    expect(await subjectsInChain()).toEqual(['before']);
    await b.service.settle();
    expect(await subjectsInChain()).toEqual(['before', 'orphan']);
    expect(await a.service.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('recordQueued (searches): committed before it returns, chained soon after without anyone waiting, and seen by readers that settle', async () => {
    const where = async (id: string) => {
      const [queued, chained] = await Promise.all([
        db.owner.query(`SELECT 1 FROM audit_queue WHERE subject_id = $1`, [id]),
        db.owner.query(`SELECT 1 FROM audit_entries WHERE subject_id = $1`, [id]),
      ]);
      return { queued: queued.rowCount ?? 0, chained: chained.rowCount ?? 0 };
    };
    await a.service.record(input('first'));
    await a.service.recordQueued({ ...input('searched'), cameraIds: [] });
    // Durable when it returns: in the queue, or already in the chain (never neither, never both).
    const right = await where('searched');
    expect(right.queued + right.chained).toBe(1);
    // Sealed in the background: nobody calls anything, and the entry reaches the chain.
    for (let i = 0; i < 50 && (await where('searched')).chained === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await where('searched')).toEqual({ queued: 0, chained: 1 });
    // A reader in another process that settles first sees what was queued a moment ago.
    await a.service.recordQueued(input('searched-2'));
    const found = await b.service.find({ limit: 10 });
    expect(found.map((e) => e.subjectId)).toContain('searched-2');
    expect(await subjectsInChain()).toEqual(['first', 'searched', 'searched-2']);
    expect(await b.service.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('the head a reader names includes everything committed before it asked', async () => {
    await db.owner.query(
      `INSERT INTO audit_queue (at, actor_role, action, subject_type, subject_id) VALUES (now(), 'system', 'test.appended', 'test', 'queued')`,
    );
    expect(await a.service.head()).toMatchObject({ seq: '1' });
  });
});
