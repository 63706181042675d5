import { auditEntryRefs } from '@wardwatch/audit';
import { AuditConsole1796150000001 } from '../../libs/database/src/migrations/1796150000001-AuditConsole';
import { openMigrationHarness, type MigrationHarness } from '../support/migration-harness';
import type { TestDatabase } from '../support/test-database';

/**
 * The audit console's migration backfills `audit_entry_refs` for entries written before it, with the
 * same rules AuditService applies at append time (auditEntryRefs): the two must agree entry by entry.
 */
describe('migration: audit entry references backfilled as the service would write them', () => {
  let harness: MigrationHarness;
  let db: TestDatabase;
  const run = (step: 'up' | 'down') => harness.run(step);

  beforeAll(async () => {
    harness = await openMigrationHarness(new AuditConsole1796150000001());
    ({ db } = harness);
    await run('down');
  });
  afterAll(() => harness.close());

  it('indexes old clips, returned cameras and streets exactly as auditEntryRefs does', async () => {
    const W = '7d3f0a4e-2c1d-4e8f-9a3b-7c6d5e4f3a2b';
    const entries: { action: string; subjectType: string; subjectId: string | null; details: Record<string, unknown> }[] = [
      { action: 'link.issued', subjectType: 'clip', subjectId: 'clip-a', details: { kind: 'download' } },
      {
        action: 'evidence.export_started',
        subjectType: 'evidence_export',
        subjectId: 'x',
        details: { files: [{ clipId: 'clip-a' }, { clipId: 'clip-b' }, { clipId: null }] },
      },
      { action: 'footage.noted', subjectType: 'footage', subjectId: null, details: { clipId: 'clip-c', clipIds: ['clip-c', 'clip-d', 3] } },
      {
        action: 'search.performed',
        subjectType: 'camera_search',
        subjectId: null,
        details: { cameraIds: ['cam-1', 'cam-2'], place: { kind: 'street', street: 'Hoàng  Văn THÁI', wardId: W } },
      },
      {
        action: 'search.performed',
        subjectType: 'camera_search',
        subjectId: null,
        details: { place: { kind: 'street', street: 'Võ Nguyên Giáp', wardId: null } },
      },
      {
        action: 'search.performed',
        subjectType: 'camera_search',
        subjectId: null,
        details: { cameraIds: ['cam-3'], place: { kind: 'radius', latitude: 1, longitude: 2 } },
      },
      { action: 'evidence.exported', subjectType: 'evidence_export', subjectId: 'x', details: { cameraIds: ['cam-9'] } },
      { action: 'auth.login', subjectType: 'user', subjectId: 'u', details: {} },
    ];
    for (const [i, e] of entries.entries()) {
      await db.owner.query(
        `INSERT INTO audit_entries (seq, at, actor_role, action, subject_type, subject_id, details, prev_hash, hash)
         VALUES ($1::bigint, now(), 'officer', $2, $3, $4, $5, repeat('0', 64), lpad($1::bigint::text, 64, 'a'))`,
        [i + 1, e.action, e.subjectType, e.subjectId, JSON.stringify(e.details)],
      );
    }
    await run('up');

    const expected: string[] = [];
    for (const [i, e] of entries.entries()) {
      for (const r of auditEntryRefs(e)) {
        const folded = r.fold === undefined ? '' : (await db.owner.query(`SELECT search_normalise($1) AS f`, [r.fold])).rows[0].f;
        expected.push(`${i + 1} ${r.kind} ${r.ref}${folded}`);
      }
    }
    const actual = (await db.owner.query(`SELECT seq::int AS seq, kind, ref FROM audit_entry_refs`)).rows.map(
      (r: { seq: number; kind: string; ref: string }) => `${r.seq} ${r.kind} ${r.ref}`,
    );
    expect(actual.sort()).toEqual(expected.sort());
    expect(actual).toContain(`4 street ${W}:hoang van thai`);
    expect(actual).toContain('5 street *:vo nguyen giap');
    await expect(db.owner.query(`DELETE FROM audit_entry_refs`)).rejects.toThrow(/append-only/);
  });
});
