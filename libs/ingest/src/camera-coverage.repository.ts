import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CameraHealth } from '@wardwatch/cameras';
import type { GapReason } from '@wardwatch/events';

/** A camera the ingest worker should hold a subscription to. */
export interface IngestTarget {
  id: string;
  onvifHost: string;
  onvifPort: number;
  onvifPath: string;
  eventsPath: string;
  credentialsSealed: string;
}

/** Camera health, last-seen times and coverage gaps, as the subscription loops report them. */
@Injectable()
export class CameraCoverageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active cameras whose current consent includes event metadata. */
  ingestTargets(): Promise<IngestTarget[]> {
    return this.dataSource.query<IngestTarget[]>(
      `SELECT c.id, c.onvif_host AS "onvifHost", c.onvif_port AS "onvifPort", c.onvif_path AS "onvifPath", c.events_path AS "eventsPath", c.credentials_sealed AS "credentialsSealed"
       FROM cameras c
       JOIN LATERAL (SELECT state, purposes FROM camera_consents k WHERE k.camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true
       WHERE c.lifecycle = 'active' AND k.state = 'given' AND 'event_metadata' = ANY (k.purposes)`,
    );
  }

  /** Names this installation (its database), to scope what workers share in Redis. */
  async installation(): Promise<string> {
    const rows = await this.dataSource.query<{ name: string }[]>('SELECT current_database() AS name');
    return rows[0].name;
  }

  async markSeen(cameraId: string, at: Date): Promise<void> {
    // Events flowing say nothing about the video: a stream capture found unreadable stays so until capture reads it again.
    await this.dataSource.query(
      `UPDATE cameras SET health = CASE WHEN health = 'stream_unreachable' THEN health ELSE 'online' END, last_seen_at = $2 WHERE id = $1`,
      [cameraId, at],
    );
  }

  async setHealth(cameraId: string, health: CameraHealth): Promise<void> {
    await this.dataSource.query(`UPDATE cameras SET health = $2 WHERE id = $1`, [cameraId, health]);
  }

  async lastSeen(cameraId: string): Promise<Date | null> {
    const rows = await this.dataSource.query<{ last_seen_at: Date | null }[]>(`SELECT last_seen_at FROM cameras WHERE id = $1`, [cameraId]);
    return rows[0]?.last_seen_at ?? null;
  }

  /**
   * Opens an event gap from `from` unless one is already open for the camera (one gap per outage).
   * `stream_lost` gaps are the video's, opened and closed by capture (ClipRepository), not here.
   */
  async openGap(cameraId: string, reason: Exclude<GapReason, 'stream_lost'>, from: Date, detail: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, detail)
       SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM camera_gaps WHERE camera_id = $1 AND ended_at IS NULL AND reason <> 'stream_lost')`,
      [cameraId, reason, from, detail.slice(0, 255)],
    );
  }

  /** Closes the camera's open event gaps (a stream that is still unreadable keeps its own). */
  async closeGaps(cameraId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE camera_gaps SET ended_at = GREATEST($2::timestamptz, started_at) WHERE camera_id = $1 AND ended_at IS NULL AND reason <> 'stream_lost'`,
      [cameraId, at],
    );
  }
}
