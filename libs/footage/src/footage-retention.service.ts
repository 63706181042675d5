import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { ObjectStore } from '@wardwatch/storage';
import type { ClipEntity } from './clip.entity';
import { ClipRepository } from './clip.repository';
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
 */
@Injectable()
export class FootageRetentionService {
  private readonly logger = new Logger(FootageRetentionService.name);

  constructor(
    private readonly clips: ClipRepository,
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One pass over expired or no-longer-consented clips; returns how many were deleted. */
  async enforce(batch = 500): Promise<number> {
    await this.removeQueuedObjects(batch);
    let deleted = 0;
    for (const clip of await this.clips.deletable(batch)) {
      const expired = clip.retainUntil.getTime() < Date.now();
      if (await this.delete(clip, expired ? 'retention' : 'consent_withdrawn')) deleted++;
    }
    if (deleted > 0) this.logger.log({ deleted }, 'retention deleted clips');
    return deleted;
  }

  /** Withdrawal: every clip of the camera no hold covers, at once. */
  async purgeCamera(cameraId: string): Promise<number> {
    let deleted = 0;
    for (const clip of await this.clips.unheldOf(cameraId)) if (await this.delete(clip, 'consent_withdrawn')) deleted++;
    this.logger.log({ cameraId, deleted }, 'deleted the unheld clips of a withdrawn camera');
    return deleted;
  }

  private async delete(clip: ClipEntity, reason: DeletionReason): Promise<boolean> {
    const keys = [clip.thumbnailKey, clip.objectKey].filter((k): k is string => !!k);
    const deleted = await this.dataSource.transaction('READ COMMITTED', async (m) => {
      await lockAgainstHolds(m);
      // After the lock, this statement sees every hold committed before it: a hold wins.
      // TypeORM answers a DELETE with [rows, affected].
      const [, affected] = await m.query<[unknown[], number]>(
        `DELETE FROM clips clip WHERE clip.id = $1 AND NOT ${clipIsHeldSql('clip')}`,
        [clip.id],
      );
      if (affected === 0) return false;
      if (keys.length > 0) {
        await m.query(`INSERT INTO footage_object_deletions (object_key, clip_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`, [
          keys,
          clip.id,
        ]);
      }
      await this.audit.record(
        {
          actor: SYSTEM_ACTOR,
          action: 'clip.deleted',
          subject: { type: 'clip', id: clip.id },
          cameraId: clip.cameraId,
          details: {
            reason,
            status: clip.status,
            sha256: clip.sha256,
            objectKey: clip.objectKey,
            startedAt: clip.startedAt?.toISOString() ?? clip.requestedFrom.toISOString(),
            retainUntil: clip.retainUntil.toISOString(),
          },
        },
        m,
      );
      return true;
    });
    if (deleted) await this.removeObjects(keys);
    return deleted;
  }

  /** Objects whose rows are gone but whose removal did not finish (a crash, a store outage). */
  private async removeQueuedObjects(limit: number): Promise<void> {
    const rows = await this.dataSource.query<{ object_key: string }[]>(
      `SELECT object_key FROM footage_object_deletions ORDER BY queued_at LIMIT $1`,
      [limit],
    );
    if (rows.length > 0) await this.removeObjects(rows.map((r) => r.object_key));
  }

  /** Removes each object, then its queue entry; a failure leaves the entry for the next pass. */
  private async removeObjects(keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.store.remove(key);
        await this.dataSource.query(`DELETE FROM footage_object_deletions WHERE object_key = $1`, [key]);
      } catch (e) {
        this.logger.warn({ key, err: e }, "could not remove a deleted clip's object; retention retries it on its next pass");
      }
    }
  }
}
