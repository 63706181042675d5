import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH, hashAuditEntry } from './audit-hash';
import type { AuditLogRepository } from './audit-log.repository';
import { AuditService } from './audit.service';

/** A valid chain of `n` entries in memory, served a page at a time as the repository does. */
function chainOf(n: number): AuditEntryEntity[] {
  const entries: AuditEntryEntity[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = Object.assign(new AuditEntryEntity(), {
      seq: String(i),
      at: new Date(Date.UTC(2026, 11, 1, 0, 0, 0, i)),
      actorId: null,
      actorRole: 'system',
      action: 'test.appended',
      subjectType: 'test',
      subjectId: null,
      cameraId: null,
      investigationId: null,
      details: { i },
      prevHash,
    });
    e.hash = hashAuditEntry(e);
    prevHash = e.hash;
    entries.push(e);
  }
  return entries;
}

const serviceOver = (entries: AuditEntryEntity[]) =>
  new AuditService({
    chainPage: (afterSeq: string, limit: number) =>
      Promise.resolve(entries.filter((e) => BigInt(e.seq) > BigInt(afterSeq)).slice(0, limit)),
    // Nothing queued: verify() seals what is queued before it walks (AuditSealer).
    hasQueued: () => Promise.resolve(false),
    dataSource: { subscribers: [] },
  } as unknown as AuditLogRepository);

describe('AuditService.verify with progress', () => {
  it('reports progress after every page of 2,000 and stops at upToSeq', async () => {
    const progress: number[] = [];
    const result = await serviceOver(chainOf(4500)).verify({ upToSeq: '4100', onProgress: (n) => Promise.resolve(void progress.push(n)) });
    expect(result).toMatchObject({ ok: true, entries: 4100, headSeq: '4100' });
    expect(progress).toEqual([2000, 4000, 4100]);
  });

  it('says an entry the run saw at its start is missing when the chain ends before it', async () => {
    const result = await serviceOver(chainOf(10)).verify({ upToSeq: '12' });
    expect(result).toMatchObject({ ok: false, entries: 10, firstBroken: { seq: '11' }, lastGoodSeq: '10' });
  });

  it('walks everything without upToSeq, as GET /audit/verify does', async () => {
    expect(await serviceOver(chainOf(2001)).verify()).toMatchObject({ ok: true, entries: 2001, headSeq: '2001' });
  });
});
