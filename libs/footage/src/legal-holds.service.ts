import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService, type AuditActor } from '@wardwatch/audit';
import { lockAgainstHolds } from '@wardwatch/events';
import { problem } from '@wardwatch/problems';
import { LegalHoldEntity, type HoldKind } from './legal-hold.entity';

export interface PlaceHoldInput {
  cameraId: string;
  from: Date;
  until: Date;
  kind: HoldKind;
  reason: string;
  investigationId?: string | null;
  footageRequestId?: string | null;
}

/**
 * SQL condition "this clip row is under an active hold", for the retention and withdrawal
 * deletes. `clip` is the alias of the clips table in the caller's query.
 */
export function clipIsHeldSql(clip: string): string {
  return `EXISTS (SELECT 1 FROM legal_holds h
    WHERE h.camera_id = ${clip}.camera_id AND h.lifted_at IS NULL
      AND h."from" < COALESCE(${clip}.ended_at, ${clip}.requested_to, 'infinity')
      AND h."until" > COALESCE(${clip}.started_at, ${clip}.requested_from))`;
}

// The lock lives with the events library, which footage builds on: dropping a day of events takes it too.
export { HOLDS_LOCK_KEY, lockAgainstHolds } from '@wardwatch/events';

/**
 * Legal holds: placed by footage requests and releases (and supervisors), lifted only by a
 * supervisor or when the release that placed them ends. Every change is audited in the caller's
 * transaction, so a hold never exists without its audit entry.
 */
@Injectable()
export class LegalHoldService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async place(input: PlaceHoldInput, actor: AuditActor, manager?: EntityManager): Promise<LegalHoldEntity> {
    const run = async (m: EntityManager) => {
      // Before the row exists: retention either deleted the clip already or will see this hold.
      await lockAgainstHolds(m);
      const hold = await m.getRepository(LegalHoldEntity).save(
        m.getRepository(LegalHoldEntity).create({
          cameraId: input.cameraId,
          from: input.from,
          until: input.until,
          kind: input.kind,
          reason: input.reason,
          investigationId: input.investigationId ?? null,
          footageRequestId: input.footageRequestId ?? null,
          placedBy: actor.userId,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'hold.placed',
          subject: { type: 'legal_hold', id: hold.id },
          cameraId: hold.cameraId,
          investigationId: hold.investigationId,
          details: {
            kind: hold.kind,
            from: hold.from.toISOString(),
            until: hold.until.toISOString(),
            reason: hold.reason,
            footageRequestId: hold.footageRequestId,
          },
        },
        m,
      );
      return hold;
    };
    return manager ? run(manager) : this.dataSource.transaction('READ COMMITTED', run);
  }

  async lift(holdId: string, actor: AuditActor, reason: string, manager?: EntityManager): Promise<LegalHoldEntity> {
    const run = async (m: EntityManager) => {
      const repo = m.getRepository(LegalHoldEntity);
      const hold = await repo.findOne({ where: { id: holdId }, lock: { mode: 'pessimistic_write' } });
      if (!hold) throw problem('legal_hold.not_found', `Legal hold ${holdId} does not exist`);
      if (hold.liftedAt)
        throw problem('legal_hold.already_lifted', `Legal hold ${holdId} was already lifted at ${hold.liftedAt.toISOString()}`);
      hold.liftedAt = new Date();
      hold.liftedBy = actor.userId;
      hold.liftReason = reason;
      await repo.save(hold);
      await this.audit.record(
        {
          actor,
          action: 'hold.lifted',
          subject: { type: 'legal_hold', id: hold.id },
          cameraId: hold.cameraId,
          investigationId: hold.investigationId,
          details: { kind: hold.kind, reason },
        },
        m,
      );
      return hold;
    };
    return manager ? run(manager) : this.dataSource.transaction('READ COMMITTED', run);
  }

  /** Lifts every active hold a footage request placed (when it is declined, expires or its release ends). */
  async liftForRequest(footageRequestId: string, actor: AuditActor, reason: string, manager: EntityManager): Promise<number> {
    const holds = await manager.getRepository(LegalHoldEntity).find({ where: { footageRequestId, liftedAt: IsNull() } });
    let lifted = 0;
    for (const hold of holds) {
      await this.lift(hold.id, actor, reason, manager);
      lifted++;
    }
    return lifted;
  }

  async activeFor(cameraId: string): Promise<LegalHoldEntity[]> {
    return this.dataSource
      .getRepository(LegalHoldEntity)
      .createQueryBuilder('h')
      .where('h.camera_id = :cameraId AND h.lifted_at IS NULL', { cameraId })
      .orderBy('h."from"')
      .getMany();
  }
}
