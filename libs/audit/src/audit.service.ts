import { Injectable, Logger, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH, hashAuditEntry, normaliseDetails } from './audit-hash';
import { AuditAnchorStore } from './audit-anchor.store';
import { AuditLogRepository } from './audit-log.repository';
import { auditEntryRefs } from './audit-refs';
import { AuditEntryView, AuditFilter, AuditHead, AuditQuery, AuditRecordInput, ChainVerification } from './audit.types';

/** How far to walk, and whom to tell how far it got (after each page of VERIFY_BATCH entries). */
export interface VerifyOptions {
  /** Stop after this entry (a background run checks up to the head it saw when it started). */
  upToSeq?: string;
  onProgress?: (checked: number) => Promise<void>;
}

const VERIFY_BATCH = 2000;
const EXPORT_PAGE = 1000;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repository: AuditLogRepository,
    @Optional() private readonly anchors?: AuditAnchorStore,
  ) {}

  /**
   * Appends one entry to the chain. Pass the caller's transaction (`manager`) when the audited
   * change is written in one, so that the change and its audit entry commit or roll back together;
   * without it the entry is written in a transaction of its own.
   */
  async record(input: AuditRecordInput, manager?: EntityManager): Promise<AuditEntryEntity> {
    if (!manager) return this.repository.transaction((m) => this.append(m, input));
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record: the EntityManager passed must be inside a transaction');
    }
    const isolation = await this.repository.isolationLevel(manager);
    if (isolation !== 'read committed') {
      // Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock and the chain would fork.
      throw new Error(`AuditService.record: needs a READ COMMITTED transaction, got ${isolation}`);
    }
    return this.append(manager, input);
  }

  private async append(manager: EntityManager, input: AuditRecordInput): Promise<AuditEntryEntity> {
    await this.repository.lockForAppend(manager);
    const head = await this.repository.head(manager);
    const entry = new AuditEntryEntity();
    entry.seq = head ? (BigInt(head.seq) + 1n).toString() : '1';
    entry.at = new Date();
    entry.actorId = input.actor.userId;
    entry.actorRole = input.actor.role;
    entry.action = input.action;
    entry.subjectType = input.subject.type;
    entry.subjectId = input.subject.id ?? null;
    entry.cameraId = input.cameraId ?? null;
    entry.investigationId = input.investigationId ?? null;
    const cameraIds = [...new Set([...(input.cameraId ? [input.cameraId] : []), ...(input.cameraIds ?? [])])].sort();
    entry.details = normaliseDetails(input.cameraIds ? { ...input.details, cameraIds: [...input.cameraIds] } : input.details);
    entry.prevHash = head?.hash ?? GENESIS_HASH;
    entry.hash = hashAuditEntry(entry);
    await this.repository.insert(manager, entry);
    await this.repository.linkCameras(manager, entry.seq, cameraIds);
    // Derived from the hashed content only, so verification needs nothing from the side table.
    await this.repository.insertRefs(manager, entry.seq, auditEntryRefs(entry));
    return entry;
  }

  /**
   * Walks the whole chain in order and reports the first entry whose position, link or hash does
   * not hold. An entry deleted or inserted shows as a gap or a broken link; a changed entry as a
   * hash mismatch at that entry.
   */
  async verify(options: VerifyOptions = {}): Promise<ChainVerification> {
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

  find(query: AuditQuery): Promise<AuditEntryView[]> {
    return this.repository.find(query);
  }

  /**
   * Every entry matching the filter, oldest first, read page by page so that an export of the
   * whole log streams in constant memory.
   */
  async *stream(filter: AuditFilter, pageSize = EXPORT_PAGE): AsyncGenerator<AuditEntryView> {
    let afterSeq = '0';
    for (;;) {
      const page = await this.repository.filteredPage(filter, afterSeq, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      afterSeq = page[page.length - 1].seq;
    }
  }

  /** The newest entry of the chain now (null while the log is empty). */
  head(): Promise<AuditHead | null> {
    return this.repository.currentHead();
  }

  /** The chain of custody of an evidence package: its investigation's entries and its clips', up to `upToSeq`. */
  custody(scope: { investigationId: string | null; subjectIds: readonly string[] }, upToSeq: string): Promise<AuditEntryEntity[]> {
    return this.repository.custody(scope, upToSeq);
  }
}
