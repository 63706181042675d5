import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { LegalHoldService } from '@wardwatch/footage';
import { FootageRequestCameraEntity } from './footage-request-camera.entity';
import { FootageRequestEntity } from './footage-request.entity';
import { PENDING_CAMERA_STATES } from './investigation.types';
import { RequestLedger } from './request-ledger';

/**
 * Time-based endings: requests nobody answered in time expire (their pending cameras' preservation
 * holds lift) and expired releases give up their holds, so retention applies again. The worker runs
 * this on a schedule; the API also runs it before reads and decisions, so what users see is never
 * stale. Correctness does not depend on either: a decision checks expires_at itself, and a release
 * past expires_at is not live for links.
 */
@Injectable()
export class RequestExpiry {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: RequestLedger,
    private readonly holds: LegalHoldService,
    private readonly audit: AuditService,
  ) {}

  async run(limit = 100): Promise<{ expiredRequests: number; endedReleases: number }> {
    return { expiredRequests: await this.expireOverdueRequests(limit), endedReleases: await this.endExpiredReleases(limit) };
  }

  async expireOverdueRequests(limit = 100): Promise<number> {
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      // SKIP LOCKED: a request being decided right now is left to its decision (which checks expiry).
      const requests = await m
        .getRepository(FootageRequestEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`r.state IN ('pending_supervisor', 'pending_owner') AND r.expires_at <= now()`)
        .orderBy('r.expires_at')
        .limit(limit)
        .getMany();
      for (const request of requests) {
        const rows = await m.getRepository(FootageRequestCameraEntity).find({ where: { requestId: request.id } });
        for (const row of rows.filter((r) => PENDING_CAMERA_STATES.includes(r.state))) {
          await this.ledger.endCamera(m, row, 'expired', SYSTEM_ACTOR, `not answered by ${request.expiresAt.toISOString()}`);
        }
        await this.ledger.settle(m, request, rows);
        await this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            action: 'footage_request.expired',
            subject: { type: 'footage_request', id: request.id },
            investigationId: request.investigationId,
            details: { expiresAt: request.expiresAt.toISOString(), state: request.state },
          },
          m,
        );
      }
      return requests.length;
    });
  }

  async endExpiredReleases(limit = 100): Promise<number> {
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      const rows = await m.query<{ id: string; hold_id: string; camera_id: string; investigation_id: string; request_id: string }[]>(
        `SELECT r.id, r.hold_id, r.camera_id, r.investigation_id, r.request_id
           FROM footage_releases r JOIN legal_holds h ON h.id = r.hold_id
          WHERE r.expires_at <= now() AND r.revoked_at IS NULL AND h.lifted_at IS NULL
          ORDER BY r.expires_at LIMIT $1
          FOR UPDATE OF h SKIP LOCKED`,
        [limit],
      );
      for (const row of rows) {
        await this.holds.lift(row.hold_id, SYSTEM_ACTOR, 'the release expired', m);
        await this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            action: 'footage.release_expired',
            subject: { type: 'footage_release', id: row.id },
            cameraId: row.camera_id,
            investigationId: row.investigation_id,
            details: { requestId: row.request_id },
          },
          m,
        );
      }
      return rows.length;
    });
  }
}
