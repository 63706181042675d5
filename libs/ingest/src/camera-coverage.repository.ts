import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CameraHealth } from '@wardwatch/cameras';
import type { GapReason } from '@wardwatch/events';
import { HoldingFence, holdingIsCurrent, type HoldingToken } from '@wardwatch/holdings';

/** The event subscription's own gap reasons (the video's and the holdings' are written elsewhere). */
export type EventGapReason = Extract<GapReason, 'offline' | 'subscription_lost' | 'auth_failed'>;
const EVENT_REASONS_SQL = `('offline', 'subscription_lost', 'auth_failed')`;

/**
 * Camera health, last-seen times and event gaps, as the subscription loops report them. Every write
 * is as the camera's owner: it carries the lease's fencing token and is refused (FencedWriteRefused,
 * counted) once another worker's newer lease is recorded.
 */
@Injectable()
export class CameraCoverageRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fence: HoldingFence,
  ) {}

  async markSeen(holding: HoldingToken, at: Date): Promise<void> {
    // Events flowing say nothing about the video: a stream capture found unreadable stays so until capture reads it again.
    const [, updated] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE cameras SET health = CASE WHEN health = 'stream_unreachable' THEN health ELSE 'online' END, last_seen_at = $3
       WHERE id = $1 AND ${holdingIsCurrent('$1', '$2')}`,
      [holding.cameraId, holding.token, at],
    );
    if (updated === 0) throw this.fence.refused(holding, 'camera_seen');
  }

  async setHealth(holding: HoldingToken, health: CameraHealth): Promise<void> {
    const [, updated] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE cameras SET health = $3 WHERE id = $1 AND ${holdingIsCurrent('$1', '$2')}`,
      [holding.cameraId, holding.token, health],
    );
    if (updated === 0) throw this.fence.refused(holding, 'camera_health');
  }

  async lastSeen(cameraId: string): Promise<Date | null> {
    const rows = await this.dataSource.query<{ last_seen_at: Date | null }[]>(`SELECT last_seen_at FROM cameras WHERE id = $1`, [cameraId]);
    return rows[0]?.last_seen_at ?? null;
  }

  /**
   * Opens an event gap from `from` unless one is already open for the camera (one gap per outage).
   * `stream_lost` gaps are the video's, opened and closed by capture (ClipRepository), and the
   * coverage gaps the holdings', not here.
   */
  async openGap(holding: HoldingToken, reason: EventGapReason, from: Date, detail: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.fence.guard(m, holding, 'gap_open');
      await m.query(
        `INSERT INTO camera_gaps (camera_id, reason, started_at, detail)
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM camera_gaps WHERE camera_id = $1 AND ended_at IS NULL AND reason IN ${EVENT_REASONS_SQL})`,
        [holding.cameraId, reason, from, detail.slice(0, 255)],
      );
    });
  }

  /** Closes the camera's open event gaps (a stream that is still unreadable keeps its own). */
  async closeGaps(holding: HoldingToken, at: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.fence.guard(m, holding, 'gap_close');
      await m.query(
        `UPDATE camera_gaps SET ended_at = GREATEST($2::timestamptz, started_at) WHERE camera_id = $1 AND ended_at IS NULL AND reason IN ${EVENT_REASONS_SQL}`,
        [holding.cameraId, at],
      );
    });
  }
}
