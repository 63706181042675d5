import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { ObjectStore, type RemovedObjects } from '@wardwatch/storage';
import { cameraConsentsToClipsSql, ClipRepository } from './clip.repository';
import { clipIsHeldSql, lockAgainstHolds } from './legal-holds.service';

export type DeletionReason = 'retention' | 'consent_withdrawn';

/**
 * Deletes footage the consent no longer covers: clips past their retention, and all clips of a
 * camera whose consent was withdrawn, except what a legal hold covers.
 *
 * The race with hold placement: the decision "no hold covers this clip" and the deletion of the
 * row happen in one statement, in a transaction holding the lock every hold placement also takes
 * (`lockAgainstHolds`): a hold placed first is seen and wins; a hold placed meanwhile waits until
 * the clip is gone. Only after that transaction commits are the objects removed, so no clip row can
 * ever be kept (by a hold) pointing at footage that is already deleted.
 *
 * Crash safety without "objects first": the same transaction queues the object keys in
 * `footage_object_deletions` (an outbox). A crash or a failed store delete after the commit leaves
 * the entries, and the next pass removes the objects then; nothing is orphaned, and the store is
 * never touched while any lock is held (a slow object store cannot stall hold placement or the
 * audit log).
 *
 * Volume: clips are deleted in batches, one transaction per batch (one lock, one DELETE ... RETURNING
 * of the rows that really went, one outbox insert, an audit entry per clip), and each batch's objects
 * are removed with one bulk DeleteObjects request after it commits. A pass runs batches until nothing
 * deletable is left or its time budget is spent, and says which (`more`), so the schedule can run the
 * next pass at once rather than an hour later.
 */
export interface RetentionOptions {
  /** Clips per transaction (the audit lock is held for one batch). */
  batch?: number;
  /** Stop starting batches after this long; a pass that stops with clips left says `more`. */
  budgetMs?: number;
}

/** What a retention pass (or a withdrawal purge) did. */
export interface RetentionPass {
  /** Clip rows deleted (each audited as clip.deleted). */
  deleted: number;
  batches: number;
  /** Objects removed from the store (this pass's and earlier passes' queued ones). */
  objectsRemoved: number;
  /** Objects whose removal failed and stay queued for the next pass. */
  objectsQueued: number;
  /** The budget ran out with deletable clips left: run the next pass at once. */
  more: boolean;
  elapsedMs: number;
}

const DEFAULT_BATCH = 500;
const DEFAULT_BUDGET_MS = 120_000;
/** Outbox entries removed per bulk request (S3 DeleteObjects takes up to 1,000 keys). */
const OUTBOX_PAGE = 1000;

interface DeletedClipRow {
  id: string;
  camera_id: string;
  status: string;
  sha256: string | null;
  object_key: string | null;
  thumbnail_key: string | null;
  started_at: Date | null;
  requested_from: Date;
  retain_until: Date;
  expired: boolean;
}

@Injectable()
export class FootageRetentionService {
  private readonly logger = new Logger(FootageRetentionService.name);

  constructor(
    private readonly clips: ClipRepository,
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One pass over expired or no-longer-consented clips, batch after batch within the budget. */
  async enforce(options: RetentionOptions = {}): Promise<RetentionPass> {
    const pass = await this.run(options, (limit) => this.clips.deletableIds(limit), 'deletable');
    if (pass.deleted > 0 || pass.objectsQueued > 0) this.logger.log({ ...pass }, 'retention deleted clips');
    return pass;
  }

  /** Withdrawal: every clip of the camera no hold covers, in batches like retention. */
  async purgeCamera(cameraId: string, options: RetentionOptions = {}): Promise<RetentionPass> {
    const pass = await this.run(options, (limit) => this.clips.unheldIdsOf(cameraId, limit), 'unheld');
    // A purge cut short by its budget is finished by retention: a withdrawn camera's clips are deletable.
    this.logger.log({ cameraId, ...pass }, 'deleted the unheld clips of a withdrawn camera');
    return pass;
  }

  private async run(
    options: RetentionOptions,
    candidates: (limit: number) => Promise<string[]>,
    rule: 'deletable' | 'unheld',
  ): Promise<RetentionPass> {
    const batch = options.batch ?? DEFAULT_BATCH;
    const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    const started = Date.now();
    const pass: RetentionPass = { deleted: 0, batches: 0, objectsRemoved: 0, objectsQueued: 0, more: false, elapsedMs: 0 };
    const queued = await this.removeQueuedObjects(started + budgetMs);
    pass.objectsRemoved += queued.removed;
    pass.objectsQueued += queued.failed;
    for (;;) {
      // At least one batch a pass, however small the budget: a pass always makes progress.
      if (pass.batches > 0 && Date.now() - started >= budgetMs) {
        pass.more = (await candidates(1)).length > 0;
        break;
      }
      const ids = await candidates(batch);
      if (ids.length === 0) break;
      const keys = await this.deleteBatch(ids, rule);
      pass.batches++;
      pass.deleted += keys.deleted;
      const removed = await this.removeObjects(keys.objectKeys);
      pass.objectsRemoved += removed.removed;
      pass.objectsQueued += removed.failed;
      // Every candidate was held meanwhile (or went to another pass): asking again would find the same ones.
      if (keys.deleted === 0 && ids.length < batch) break;
      if (keys.deleted === 0) {
        pass.more = true;
        break;
      }
    }
    pass.elapsedMs = Date.now() - started;
    return pass;
  }

  /**
   * Deletes those of `ids` that are still deletable and that no hold covers, in one transaction
   * under the hold lock; returns how many went and their object keys (queued in the outbox).
   */
  private async deleteBatch(ids: string[], rule: 'deletable' | 'unheld'): Promise<{ deleted: number; objectKeys: string[] }> {
    // Retention re-checks why the clip may go (a consent given again meanwhile keeps it); a purge
    // deletes whatever no hold covers, as withdrawal demands.
    const stillDeletable =
      rule === 'deletable' ? `AND (clip.retain_until < now() OR NOT ${cameraConsentsToClipsSql('clip.camera_id')})` : '';
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      await lockAgainstHolds(m);
      // After the lock, this statement sees every hold committed before it: a hold wins. RETURNING
      // says which rows really went; only those are audited and have their objects queued.
      const [rows] = await m.query<[DeletedClipRow[], number]>(
        `DELETE FROM clips clip
         WHERE clip.id = ANY ($1::uuid[]) AND clip.status IN ('stored', 'failed') AND NOT ${clipIsHeldSql('clip')} ${stillDeletable}
         RETURNING clip.id, clip.camera_id, clip.status, clip.sha256, clip.object_key, clip.thumbnail_key, clip.started_at,
           clip.requested_from, clip.retain_until, clip.retain_until < now() AS expired`,
        [ids],
      );
      const keys: string[] = [];
      const keyClips: string[] = [];
      for (const row of rows) {
        for (const key of [row.thumbnail_key, row.object_key]) {
          if (!key) continue;
          keys.push(key);
          keyClips.push(row.id);
        }
      }
      if (keys.length > 0) {
        await m.query(
          `INSERT INTO footage_object_deletions (object_key, clip_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`,
          [keys, keyClips],
        );
      }
      // One entry per clip, as before batching, queued in one statement.
      await this.audit.recordMany(
        rows.map((row) => ({
          actor: SYSTEM_ACTOR,
          action: 'clip.deleted',
          subject: { type: 'clip', id: row.id },
          cameraId: row.camera_id,
          details: {
            reason: (rule === 'deletable' && row.expired ? 'retention' : 'consent_withdrawn') satisfies DeletionReason,
            status: row.status,
            sha256: row.sha256,
            objectKey: row.object_key,
            startedAt: (row.started_at ?? row.requested_from).toISOString(),
            retainUntil: row.retain_until.toISOString(),
          },
        })),
        m,
      );
      return { deleted: rows.length, objectKeys: keys };
    });
  }

  /** Objects whose rows are gone but whose removal did not finish (a crash, a store outage). */
  private async removeQueuedObjects(deadline: number): Promise<{ removed: number; failed: number }> {
    const total = { removed: 0, failed: 0 };
    let after = '';
    while (Date.now() < deadline) {
      // Keyset order (not queued_at): a key that keeps failing does not hide the ones behind it.
      const rows = await this.dataSource.query<{ object_key: string }[]>(
        `SELECT object_key FROM footage_object_deletions WHERE object_key > $1 ORDER BY object_key LIMIT $2`,
        [after, OUTBOX_PAGE],
      );
      if (rows.length === 0) break;
      const done = await this.removeObjects(rows.map((r) => r.object_key));
      total.removed += done.removed;
      total.failed += done.failed;
      after = rows[rows.length - 1].object_key;
      if (rows.length < OUTBOX_PAGE) break;
    }
    return total;
  }

  /** Removes the objects in bulk, then their queue entries; a failure leaves the entry for the next pass. */
  private async removeObjects(keys: string[]): Promise<{ removed: number; failed: number }> {
    let removed = 0;
    let failed = 0;
    for (let i = 0; i < keys.length; i += OUTBOX_PAGE) {
      const page = keys.slice(i, i + OUTBOX_PAGE);
      let result: RemovedObjects;
      try {
        result = await this.store.removeMany(page);
      } catch (e) {
        result = { removed: [], failed: page.map((key) => ({ key, error: (e as Error).message })) };
      }
      if (result.removed.length > 0) {
        await this.dataSource.query(`DELETE FROM footage_object_deletions WHERE object_key = ANY ($1::text[])`, [result.removed]);
      }
      if (result.failed.length > 0) {
        this.logger.warn(
          { failed: result.failed.length, first: result.failed[0] },
          "could not remove deleted clips' objects; retention retries them on its next pass",
        );
      }
      removed += result.removed.length;
      failed += result.failed.length;
    }
    return { removed, failed };
  }
}
