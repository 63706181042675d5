import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { ObjectStore } from '@wardwatch/storage';
import type { ClipEntity } from './clip.entity';
import { ClipRepository } from './clip.repository';
import { clipIsHeldSql } from './legal-holds.service';

export type DeletionReason = 'retention' | 'consent_withdrawn';

/**
 * Deletes footage the consent no longer covers: clips past their retention, and all clips of a
 * camera whose consent was withdrawn, except what a legal hold covers. The objects go first, then
 * the row with its `clip.deleted` audit entry in one transaction that re-checks the hold, so a hold
 * placed meanwhile wins and a failed object delete leaves the row to try again.
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
    // Re-check the hold right before touching the objects: a request filed a moment ago must win.
    const held = await this.dataSource.query<unknown[]>(`SELECT 1 FROM clips clip WHERE clip.id = $1 AND ${clipIsHeldSql('clip')}`, [
      clip.id,
    ]);
    if (held.length > 0) return false;
    for (const key of [clip.objectKey, clip.thumbnailKey]) if (key) await this.store.remove(key);
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      // TypeORM answers a DELETE with [rows, affected]; a hold placed since the check keeps the clip.
      const [, affected] = await m.query<[unknown[], number]>(
        `DELETE FROM clips clip WHERE clip.id = $1 AND NOT ${clipIsHeldSql('clip')}`,
        [clip.id],
      );
      if (affected === 0) return false;
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
  }
}
