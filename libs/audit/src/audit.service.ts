import { Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH, hashAuditEntry, normaliseDetails } from './audit-hash';
import { AuditAnchorStore } from './audit-anchor.store';
import { AuditLogRepository, type QueuedAuditContent } from './audit-log.repository';
import { AuditSealer } from './audit-sealer';
import { AuditEntryView, AuditFilter, AuditHead, AuditQuery, AuditRecordInput, ChainVerification } from './audit.types';

/** How far to walk, and whom to tell how far it got (after each page of VERIFY_BATCH entries). */
export interface VerifyOptions {
  /** Stop after this entry (a background run checks up to the head it saw when it started). */
  upToSeq?: string;
  onProgress?: (checked: number) => Promise<void>;
}

const VERIFY_BATCH = 2000;
const EXPORT_PAGE = 1000;

/** How often every process with the audit module seals rows left queued by a process that died between commit and seal. */
export const AUDIT_SWEEP_EVERY_MS = 3000;

@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuditService.name);
  private readonly sealer: AuditSealer;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: AuditLogRepository,
    @Optional() private readonly anchors?: AuditAnchorStore,
  ) {
    this.sealer = new AuditSealer(repository);
  }

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => {
      void this.settle().catch((err: Error) => this.logger.warn({ err: err.message }, 'audit sweep failed'));
    }, AUDIT_SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    // Seal what this process queued before its pool closes, rather than leave it to another process's sweep.
    await this.settle().catch(() => undefined);
  }

  /**
   * Appends one entry to the chain. Pass the caller's transaction (`manager`) when the audited
   * change is written in one, so that the change and its audit entry commit or roll back together:
   * the entry is queued in it and sealed into the chain when it commits, before the caller's
   * `transaction()` resolves (AuditSealer). The entry returned then is its content, not yet
   * chained (seq, prevHash and hash are empty). Without `manager` the entry is written by the next
   * seal directly (in its transaction, without a queue row), and the sealed entry is returned.
   */
  async record(input: AuditRecordInput, manager?: EntityManager): Promise<AuditEntryEntity> {
    return (await this.recordMany([input], manager))[0];
  }

  /** record() for many entries at once (one INSERT into the queue): for batch jobs such as retention. */
  async recordMany(inputs: readonly AuditRecordInput[], manager?: EntityManager): Promise<AuditEntryEntity[]> {
    if (manager && !manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record: the EntityManager passed must be inside a transaction');
    }
    const contents = inputs.map(queuedContent);
    if (contents.length === 0) return [];
    if (manager) {
      // Marked before the INSERT: should the INSERT fail, the rollback unmarks it.
      this.sealer.queuedInTransaction(manager.queryRunner!);
      await this.repository.enqueue(manager, contents);
      return contents.map(unsealedEntry);
    }
    // No caller transaction: the entries go straight into the next seal's transaction (one commit, not two).
    const sealed = await this.sealer.seal(contents);
    return [...sealed.values()];
  }

  /**
   * record() for an action that only reads and whose answer should not wait for the chain (a
   * search, the officers' camera map): the entry is queued in a commit of its own, so it is durable
   * before the caller answers (no entry, no answer), and sealed right after in the background. Its
   * seal costs the answer nothing; readers of the log see it because they settle() first. One
   * INSERT and one commit against a chained append's four round trips (bench:search).
   */
  async recordQueued(input: AuditRecordInput): Promise<void> {
    await this.repository.enqueue(undefined, [queuedContent(input)]);
    void this.sealer.seal().catch((err: Error) => this.logger.warn({ err: err.message }, 'audit seal failed; the sweep will seal'));
  }

  /**
   * The read barrier: seals whatever is queued, so that a reader of the log sees every entry
   * committed before it asked (recordQueued's, and a dead process's left between commit and seal).
   * Cheap when nothing is queued (one EXISTS).
   */
  async settle(): Promise<void> {
    if (await this.repository.hasQueued()) await this.sealer.seal();
  }

  /**
   * Walks the whole chain in order and reports the first entry whose position, link or hash does
   * not hold. An entry deleted or inserted shows as a gap or a broken link; a changed entry as a
   * hash mismatch at that entry.
   */
  async verify(options: VerifyOptions = {}): Promise<ChainVerification> {
    await this.settle();
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let lastGoodSeq: string | null = null;
    let entries = 0;
    const last = options.upToSeq === undefined ? null : BigInt(options.upToSeq);
    for (;;) {
      const remaining = last === null ? null : last - expectedSeq + 1n;
      const batch = remaining === null || remaining > BigInt(VERIFY_BATCH) ? VERIFY_BATCH : Number(remaining);
      if (batch <= 0) break;
      const page = await this.repository.chainPage((expectedSeq - 1n).toString(), batch);
      for (const entry of page) {
        const problem = this.checkLink(entry, expectedSeq, prevHash);
        if (problem) {
          this.logger.warn({ seq: entry.seq, problem }, 'audit chain verification failed');
          return { ok: false, entries, firstBroken: { seq: entry.seq, reason: problem }, lastGoodSeq };
        }
        entries += 1;
        prevHash = entry.hash;
        lastGoodSeq = entry.seq;
        expectedSeq += 1n;
      }
      await options.onProgress?.(entries);
      if (page.length < batch) {
        if (last !== null && BigInt(lastGoodSeq ?? '0') < last) {
          // The run saw entry `last` when it started; it cannot vanish from an append-only table.
          const missing = lastGoodSeq === null ? 1n : BigInt(lastGoodSeq) + 1n;
          return {
            ok: false,
            entries,
            firstBroken: { seq: missing.toString(), reason: `entry ${missing} is missing (the chain ends before it)` },
            lastGoodSeq,
          };
        }
        break;
      }
    }
    return { ok: true, entries, headSeq: lastGoodSeq, headHash: prevHash };
  }

  /**
   * Verifies the chain, then that the head recorded by the previous verification is still in it
   * unchanged (so removing the newest entries is caught too), then records the new head.
   */
  async verifyAndAnchor(options: VerifyOptions = {}): Promise<ChainVerification> {
    const result = await this.verify(options);
    if (!result.ok || !this.anchors) return result;
    const scope = await this.repository.databaseIdentity();
    const anchor = await this.anchors.read(scope);
    if (anchor) {
      const problem = await this.checkAnchor(anchor, result.headSeq);
      if (problem) {
        this.logger.warn({ anchor, problem }, 'audit chain does not contain its recorded head');
        return { ok: false, entries: result.entries, firstBroken: { seq: anchor.seq, reason: problem }, lastGoodSeq: result.headSeq };
      }
    }
    if (result.headSeq)
      await this.anchors.write(scope, { seq: result.headSeq, hash: result.headHash, verifiedAt: new Date().toISOString() });
    return result;
  }

  private async checkAnchor(anchor: { seq: string; hash: string; verifiedAt: string }, headSeq: string | null): Promise<string | null> {
    if (headSeq === null || BigInt(headSeq) < BigInt(anchor.seq)) {
      return `entries were removed from the end: verification at ${anchor.verifiedAt} saw entry ${anchor.seq}, the chain now ends at ${headSeq ?? 'nothing'}`;
    }
    const hash = await this.repository.hashAt(anchor.seq);
    return hash === anchor.hash
      ? null
      : `entry ${anchor.seq} differs from the one verified at ${anchor.verifiedAt} (the chain was rewritten from there)`;
  }

  private checkLink(entry: AuditEntryEntity, expectedSeq: bigint, prevHash: string): string | null {
    if (BigInt(entry.seq) !== expectedSeq) {
      return `entry ${expectedSeq} is missing (next entry found is ${entry.seq})`;
    }
    if (entry.prevHash !== prevHash) {
      return `prev_hash does not match the hash of entry ${expectedSeq - 1n}`;
    }
    if (hashAuditEntry(entry) !== entry.hash) {
      return 'content does not match its hash (the entry was changed after it was written)';
    }
    return null;
  }

  async find(query: AuditQuery): Promise<AuditEntryView[]> {
    await this.settle();
    return this.repository.find(query);
  }

  /**
   * Every entry matching the filter, oldest first, read page by page so that an export of the
   * whole log streams in constant memory.
   */
  async *stream(filter: AuditFilter, pageSize = EXPORT_PAGE): AsyncGenerator<AuditEntryView> {
    await this.settle();
    let afterSeq = '0';
    for (;;) {
      const page = await this.repository.filteredPage(filter, afterSeq, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      afterSeq = page[page.length - 1].seq;
    }
  }

  /** The newest entry of the chain now (null while the log is empty). */
  async head(): Promise<AuditHead | null> {
    // Whatever committed before this call is in the chain before its head is named.
    await this.settle();
    return this.repository.currentHead();
  }

  /** The chain of custody of an evidence package: its investigation's entries and its clips', up to `upToSeq`. */
  async custody(scope: { investigationId: string | null; subjectIds: readonly string[] }, upToSeq: string): Promise<AuditEntryEntity[]> {
    await this.settle();
    return this.repository.custody(scope, upToSeq);
  }
}

/** What is queued for an input: `at` now (the action's time, at millisecond precision), details normalised. */
function queuedContent(input: AuditRecordInput): QueuedAuditContent {
  const cameraIds = [...new Set([...(input.cameraId ? [input.cameraId] : []), ...(input.cameraIds ?? [])])].sort();
  return {
    at: new Date(),
    actorId: input.actor.userId,
    actorRole: input.actor.role,
    action: input.action,
    subjectType: input.subject.type,
    subjectId: input.subject.id ?? null,
    cameraId: input.cameraId ?? null,
    investigationId: input.investigationId ?? null,
    details: normaliseDetails(input.cameraIds ? { ...input.details, cameraIds: [...input.cameraIds] } : input.details),
    cameraIds,
  };
}

/** The content of an entry still queued in the caller's transaction: no position or hash yet. */
function unsealedEntry(content: QueuedAuditContent): AuditEntryEntity {
  const { cameraIds: _cameraIds, ...fields } = content;
  return Object.assign(new AuditEntryEntity(), fields, { seq: '', prevHash: '', hash: '' });
}
