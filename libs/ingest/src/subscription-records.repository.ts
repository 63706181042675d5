import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HoldingFence, holdingIsCurrent, type HoldingToken } from '@wardwatch/holdings';
import type { Subscription } from '@wardwatch/onvif';

/** A subscription some worker made on a camera and has not (yet) cleanly given back. */
export interface SubscriptionRecord {
  address: string;
  referenceParameters: string;
  /** Server time after which the camera has dropped it by itself. */
  terminatesAt: Date;
  /** The same, as the camera reported it (its clock). */
  cameraTerminatesAt: Date;
  workerId: string;
}

/**
 * Durable PullPoint subscription references (PostgreSQL: Redis keeps nothing on disk). A worker
 * records each subscription it makes, updates it on renewal and deletes it once unsubscribed; what
 * is left after a crash is unsubscribed by the camera's next owner. Writes that name an address
 * only touch the row if it is still that subscription, so a slow worker letting go cannot erase
 * the record of the subscription its successor has just made.
 */
@Injectable()
export class SubscriptionRecordsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fence: HoldingFence,
  ) {}

  async find(cameraId: string): Promise<SubscriptionRecord | null> {
    const rows = await this.dataSource.query<SubscriptionRecord[]>(
      `SELECT address, reference_parameters AS "referenceParameters", terminates_at AS "terminatesAt",
         camera_terminates_at AS "cameraTerminatesAt", worker_id AS "workerId"
       FROM camera_subscriptions WHERE camera_id = $1`,
      [cameraId],
    );
    return rows[0] ?? null;
  }

  /** As the camera's owner: refused (FencedWriteRefused) once a newer lease is recorded, so a paused worker cannot overwrite its successor's record. */
  async record(holding: HoldingToken, subscription: Subscription, clockOffsetMs: number, workerId: string): Promise<void> {
    const cameraId = holding.cameraId;
    const written = await this.dataSource.query<unknown[]>(
      `INSERT INTO camera_subscriptions (camera_id, address, reference_parameters, camera_terminates_at, terminates_at, worker_id, created_at)
       SELECT $1, $2, $3, $4, $5, $6, now() WHERE ${holdingIsCurrent('$1', '$7')}
       ON CONFLICT (camera_id) DO UPDATE SET address = EXCLUDED.address, reference_parameters = EXCLUDED.reference_parameters,
         camera_terminates_at = EXCLUDED.camera_terminates_at, terminates_at = EXCLUDED.terminates_at,
         worker_id = EXCLUDED.worker_id, created_at = EXCLUDED.created_at
       RETURNING 1`,
      [
        cameraId,
        subscription.address,
        subscription.referenceParameters,
        subscription.terminationTime,
        new Date(subscription.terminationTime.getTime() - clockOffsetMs),
        workerId,
        holding.token,
      ],
    );
    if (written.length === 0) throw this.fence.refused(holding, 'subscription_record');
  }

  async renewed(cameraId: string, address: string, cameraTerminatesAt: Date, clockOffsetMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE camera_subscriptions SET camera_terminates_at = $3, terminates_at = $4 WHERE camera_id = $1 AND address = $2`,
      [cameraId, address, cameraTerminatesAt, new Date(cameraTerminatesAt.getTime() - clockOffsetMs)],
    );
  }

  async clear(cameraId: string, address: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM camera_subscriptions WHERE camera_id = $1 AND address = $2`, [cameraId, address]);
  }
}
