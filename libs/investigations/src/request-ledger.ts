import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuditActor } from '@wardwatch/audit';
import { LegalHoldService } from '@wardwatch/footage';
import { FootageRequestCameraEntity } from './footage-request-camera.entity';
import { FootageRequestEntity } from './footage-request.entity';
import type { CameraRequestState } from './investigation.types';
import { isSettled, requestStateOf } from './request-rules';

/** Writes a request's and its cameras' decisions: shared by the API's decisions and the worker's expiry. */
@Injectable()
export class RequestLedger {
  constructor(private readonly holds: LegalHoldService) {}

  /** Ends a camera's part without release: its preservation hold lifts. */
  async endCamera(
    m: EntityManager,
    row: FootageRequestCameraEntity,
    state: Extract<CameraRequestState, 'declined' | 'rejected' | 'expired' | 'cancelled'>,
    actor: AuditActor,
    note: string,
  ): Promise<void> {
    await this.holds.lift(row.preservationHoldId, actor, `footage request ${state}`, m);
    this.decided(row, state, actor.userId, note);
    await m.getRepository(FootageRequestCameraEntity).save(row);
  }

  decided(row: FootageRequestCameraEntity, state: CameraRequestState, by: string | null, note: string | null): void {
    row.state = state;
    row.decidedBy = by;
    row.decidedAt = new Date();
    row.note = note;
  }

  /** The request's state from its cameras', and when it settled. */
  async settle(m: EntityManager, request: FootageRequestEntity, rows: FootageRequestCameraEntity[]): Promise<void> {
    request.state = requestStateOf(rows.map((r) => r.state));
    if (isSettled(request.state) && !request.settledAt) request.settledAt = new Date();
    await m.getRepository(FootageRequestEntity).save(request);
  }
}
