import { Logger } from '@nestjs/common';
import type { EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH, hashAuditEntry } from './audit-hash';
import { AuditLogRepository, type QueuedAuditContent, type QueuedAuditRow, type SealedAuditEntry } from './audit-log.repository';
import { auditEntryRefs } from './audit-refs';

/** Rows per seal transaction: bounds how long one seal holds the append lock. */
const SEAL_BATCH = 1000;

/**
 * DESIGN: sequencing is separated from writing, as transparency logs do (Trillian queues leaves and
 * a sequencer integrates them in batches). An audited action inserts its entry's content into
 * `audit_queue` in its own transaction, taking no lock, so concurrent writers commit in parallel
 * (PostgreSQL's group commit). The sealer then moves committed queue rows into `audit_entries` in
 * batches, in one transaction under the append lock: seq, prev_hash and hash are computed in Node
 * by the unchanged hashAuditEntry, so the chain, its gapless seq and its verification are exactly
 * those of before, one lock acquisition per batch instead of per entry.
 *
 * Read-after-write: TypeORM awaits `afterTransactionCommit` subscribers inside commitTransaction, so
 * a transaction that queued entries seals (and waits for the seal) before `dataSource.transaction()`
 * resolves; anything the caller does after its commit sees its entries in the chain. Concurrent
 * commits coalesce: one seal holding the lock and at most one waiting for it per process, and every
 * waiter waits for a seal whose DELETE follows its commit (so it takes the waiter's rows, or a seal
 * elsewhere already did).
 *
 * Tamper window: between commit and seal (milliseconds; up to SWEEP_EVERY_MS if the process dies
 * in between) an entry exists only as a queue row, not yet chained; someone with the owner's rights
 * could delete it then without breaking the chain. The application role cannot change queue rows
 * (no UPDATE grant), only delete them, as the sealer must. Once sealed, tampering shows as before.
 */
export class AuditSealer implements EntitySubscriberInterface {
  private readonly logger = new Logger(AuditSealer.name);
  /** Transactions that queued entries and have not ended yet. */
  private readonly queuedIn = new WeakSet<QueryRunner>();
  /** The seal new callers join: started, not yet holding the lock. */
  private joinable: SealRun | null = null;
  private directIds = 0;

  constructor(private readonly repository: AuditLogRepository) {
    // Broadcast to the DataSource's subscribers at each commit, read at broadcast time.
    repository.dataSource.subscribers.push(this);
  }

  /** Marks the transaction so that its commit seals what it queued. */
  queuedInTransaction(runner: QueryRunner): void {
    this.queuedIn.add(runner);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    // A released savepoint also broadcasts; only the outermost COMMIT makes the rows visible.
    if (runner.isTransactionActive || !this.queuedIn.has(runner)) return;
    this.queuedIn.delete(runner);
    try {
      // On the caller's own connection: it is held until commitTransaction returns, so a seal drawing
      // from the pool would deadlock once every connection is a committed caller waiting for it.
      await this.seal([], runner);
    } catch (err) {
      // The change committed: failing the caller now would report a committed change as failed. The sweep seals it.
      this.logger.error({ err: (err as Error).message }, 'audit entries committed but not sealed; the sweep will seal them');
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.queuedIn.delete(event.queryRunner);
  }

  /**
   * Seals everything committed before the call; resolves with the entries this process sealed, by
   * queue id. Callers share a seal that has not yet sent its DELETE (it is waiting for the lock, in
   * PostgreSQL, behind the seal in flight), so at most two seals per process hold a connection and
   * every caller's rows are in the snapshot of a seal it waits for (or were sealed before it).
   */
  seal(direct: readonly QueuedAuditContent[] = [], connection?: QueryRunner): Promise<Map<string, AuditEntryEntity>> {
    let run = this.joinable;
    // A committed caller never waits for a seal that still needs a pool connection: every connection
    // may be held by committed callers waiting for it (found in CI with 16 writers on a pool of 8).
    // It seals on its own connection instead, and that seal is the one later callers join.
    if (!run || (connection && !run.onConnection)) run = this.start(connection);
    const target = run;
    const ids = direct.map((content) => {
      const queueId = `direct-${++this.directIds}`;
      target.direct.push({ ...content, queueId });
      return queueId;
    });
    return ids.length === 0 ? target.done : target.done.then((sealed) => new Map(ids.map((id) => [id, sealed.get(id)!])));
  }

  private start(connection?: QueryRunner): SealRun {
    const run: SealRun = { direct: [], onConnection: connection !== undefined, done: Promise.resolve(new Map<string, AuditEntryEntity>()) };
    const leave = () => {
      if (this.joinable === run) this.joinable = null;
    };
    this.joinable = run;
    run.done = this.sealAll(run, leave, connection);
    return run;
  }

  /** Seals batch after batch until the queue is drained; `leave` once holding the lock (new callers need a seal of their own). */
  private async sealAll(run: SealRun, leave: () => void, connection?: QueryRunner): Promise<Map<string, AuditEntryEntity>> {
    const sealed = new Map<string, AuditEntryEntity>();
    let holding = false;
    const locked = () => {
      holding = true;
      leave();
    };
    try {
      // Only the first batch takes the direct entries: later ones belong to the seal callers join after `leave`.
      let takeDirect = () => run.direct.splice(0);
      for (;;) {
        const batch = await this.repository.sealBatch(SEAL_BATCH, chainAfter, locked, takeDirect, connection);
        takeDirect = () => [];
        for (const s of batch) sealed.set(s.queueId, s.entry);
        if (batch.length < SEAL_BATCH) return sealed;
      }
    } catch (err) {
      // Failed before holding the lock: the direct entries handed over so far are this seal's, and their callers get the error.
      if (!holding) run.direct.splice(0);
      throw err;
    } finally {
      leave();
    }
  }
}

/** One seal: the entries of record() without a transaction that it writes directly (no queue row, no second commit). */
interface SealRun {
  direct: QueuedAuditRow[];
  /** Runs on a committing caller's connection (else it draws one from the pool). */
  onConnection: boolean;
  done: Promise<Map<string, AuditEntryEntity>>;
}

/** Chains queued rows after the head, in queue order: the same fields and hash as an append always had. */
export function chainAfter(head: { seq: string; hash: string } | null, queued: QueuedAuditRow[]): SealedAuditEntry[] {
  let seq = head ? BigInt(head.seq) : 0n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return queued.map((q) => {
    seq += 1n;
    const entry = new AuditEntryEntity();
    entry.seq = seq.toString();
    entry.at = q.at;
    entry.actorId = q.actorId;
    entry.actorRole = q.actorRole;
    entry.action = q.action;
    entry.subjectType = q.subjectType;
    entry.subjectId = q.subjectId;
    entry.cameraId = q.cameraId;
    entry.investigationId = q.investigationId;
    entry.details = q.details;
    entry.prevHash = prevHash;
    entry.hash = hashAuditEntry(entry);
    prevHash = entry.hash;
    // Derived from the hashed content only, so verification needs nothing from the side table.
    return { queueId: q.queueId, entry, cameraIds: q.cameraIds, refs: auditEntryRefs(entry) };
  });
}
