import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { MetricsService } from '@wardwatch/observability';

/**
 * A camera as this worker holds it: the fencing token of its lease. Writes as the camera's owner
 * carry it, and PostgreSQL refuses them once a newer acquisition (another worker) has been recorded.
 */
export interface HoldingToken {
  cameraId: string;
  token: number;
}

/**
 * SQL that is true only while `token` is the camera's latest recorded acquisition, for the WHERE of a
 * writing statement. FOR SHARE makes the check and the write one step: an acquisition that records a
 * newer token (it locks the row FOR UPDATE) waits for the write, or the write sees its token.
 */
export function holdingIsCurrent(cameraParam: string, tokenParam: string): string {
  return `EXISTS (SELECT 1 FROM camera_holdings fence WHERE fence.camera_id = ${cameraParam} AND fence.token = ${tokenParam} FOR SHARE)`;
}

/** A write as owner with a lease that another worker has since taken: refused, not applied. */
export class FencedWriteRefused extends Error {
  constructor(
    readonly cameraId: string,
    readonly token: number,
    readonly write: string,
  ) {
    super(`refused ${write} for camera ${cameraId}: lease token ${token} is no longer the camera's latest; another worker holds it`);
    this.name = 'FencedWriteRefused';
  }
}

/** Counts and logs refused owner writes, and checks a token inside the caller's transaction. */
@Injectable()
export class HoldingFence {
  private readonly logger = new Logger(HoldingFence.name);
  private readonly refusedWrites: Counter<'write'>;

  constructor(metrics: MetricsService) {
    this.refusedWrites = metrics.counter(
      'wardwatch_holding_writes_refused_total',
      'Writes as a camera’s owner refused because a newer lease (fencing token) exists: this worker lost the camera',
      ['write'],
    );
  }

  /** Records a refusal and returns the error to throw. */
  refused(holding: HoldingToken, write: string): FencedWriteRefused {
    this.refusedWrites.inc({ write });
    this.logger.warn(
      { cameraId: holding.cameraId, token: holding.token, write },
      'owner write refused: a newer lease exists for the camera (this worker was paused or lost it)',
    );
    return new FencedWriteRefused(holding.cameraId, holding.token, write);
  }

  /** Inside a transaction: locks the holding FOR SHARE and throws FencedWriteRefused unless the token is current. */
  async guard(m: EntityManager, holding: HoldingToken, write: string): Promise<void> {
    const rows = await m.query<unknown[]>(`SELECT 1 FROM camera_holdings WHERE camera_id = $1 AND token = $2 FOR SHARE`, [
      holding.cameraId,
      holding.token,
    ]);
    if (rows.length === 0) throw this.refused(holding, write);
  }

  /** A guard bound to one holding and write, for repositories that take a check to run first in their transaction. */
  guardFor(holding: HoldingToken, write: string): (m: EntityManager) => Promise<void> {
    return (m) => this.guard(m, holding, write);
  }
}
