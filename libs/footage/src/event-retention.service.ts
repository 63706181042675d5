import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { lockAgainstHolds } from './legal-holds.service';

/** Rows per deleting statement: a pass never holds the hold lock (the audit lock) for long. */
export const EVENT_RETENTION_BATCH = 5_000;

export interface EventRetentionCounts {
  events: number;
  gaps: number;
  subscriptions: number;
}

type Reason = 'retention' | 'consent_withdrawn' | 'event_metadata_not_consented';

/**
 * SQL condition "an active hold covers this row's window" for rows with camera_id, started_at and
 * ended_at (motion events, gaps); an open row reaches to the end of time. The same test as
 * `clipIsHeldSql`, for the event index.
 */
export function windowIsHeldSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM legal_holds h
    WHERE h.camera_id = ${alias}.camera_id AND h.lifted_at IS NULL
      AND h."from" < COALESCE(${alias}.ended_at, 'infinity') AND h."until" > ${alias}.started_at)`;
}

/**
 * Deletes what the consent covers besides clips: motion events, camera gaps and PullPoint
 * subscription records, per camera, past the camera's current consent retention (everything at
 * once when consent is withdrawn or no longer names event_metadata), except what a legal hold covers.
 *
 * It lives here, not in the events library, because it needs the holds (and clips) this library
 * owns, and footage already depends on events.
 *
 * - Events expire when they ended more than the retention ago. An open event is still being
 *   observed (the overdue closer ends it) and is kept until withdrawal. An event a clip refers to
 *   stays until its clip goes (clips.motion_event_id restricts it); run after clip retention.
 * - Gaps: the same rule on closed gaps. An open gap is an outage going on now; deleting it would
 *   make coverage lie ("seen" while it is not), so only withdrawal removes it.
 * - Subscription records are operational state, not observations: the worker needs a live one to
 *   unsubscribe a leaked subscription, and no hold covers them (they show nothing that happened).
 *   One is deleted once the camera has terminated it (terminates_at passed, the record is useless)
 *   and either the camera's consent is withdrawn or that termination is older than the retention.
 *
 * Each statement checks holds and deletes at once, in a transaction holding the lock hold
 * placement takes (`lockAgainstHolds`): a hold placed first wins, one placed meanwhile waits. The
 * deletes are plain `DELETE ... WHERE camera_id AND started_at < cutoff`, which works on a plain
 * and on a time-partitioned motion_events. Every batch that deleted something is audited in its
 * own transaction with counts and the cutoff (one entry per camera and batch, not per row).
 */
@Injectable()
export class EventRetentionService {
  private readonly logger = new Logger(EventRetentionService.name);

  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One pass over every camera with a consent; returns how many rows it deleted. */
  async enforce(batch = EVENT_RETENTION_BATCH): Promise<number> {
    // A paused consent keeps its retention (paused versions copy the terms): data still expires.
    const cameras = await this.dataSource.query<{ id: string; state: string; retention_days: number; events_consented: boolean }[]>(
      `SELECT c.id, k.state, k.retention_days, 'event_metadata' = ANY(k.purposes) AS events_consented FROM cameras c
       JOIN LATERAL (SELECT state, retention_days, purposes FROM camera_consents k WHERE k.camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true
       ORDER BY c.id`,
    );
    let deleted = 0;
    for (const camera of cameras) {
      // A consent that no longer names event_metadata keeps no events (or the gaps that qualify them):
      // the resident took that purpose back, as withdrawal takes back all of them.
      const reason: Reason =
        camera.state === 'withdrawn' ? 'consent_withdrawn' : camera.events_consented ? 'retention' : 'event_metadata_not_consented';
      const cutoff = reason === 'retention' ? new Date(Date.now() - camera.retention_days * 86_400_000) : null;
      const counts = await this.deleteFor(camera.id, cutoff, reason, batch);
      deleted += counts.events + counts.gaps + counts.subscriptions;
    }
    if (deleted > 0) this.logger.log({ deleted }, 'event retention deleted events, gaps and subscription records');
    return deleted;
  }

  /** Withdrawal: every event, gap and ended subscription record of the camera no hold covers, at once. */
  async purgeCamera(cameraId: string, batch = EVENT_RETENTION_BATCH): Promise<EventRetentionCounts> {
    const counts = await this.deleteFor(cameraId, null, 'consent_withdrawn', batch);
    this.logger.log({ cameraId, ...counts }, 'deleted the unheld events and gaps of a withdrawn camera');
    return counts;
  }

  /** `cutoff` null: everything (withdrawal), open events and gaps included. */
  private async deleteFor(cameraId: string, cutoff: Date | null, reason: Reason, batch: number): Promise<EventRetentionCounts> {
    const total: EventRetentionCounts = { events: 0, gaps: 0, subscriptions: 0 };
    for (;;) {
      const counts = await this.dataSource.transaction('READ COMMITTED', async (m) => {
        await lockAgainstHolds(m);
        const until = cutoff ?? 'infinity';
        const open = cutoff === null; // withdrawal also removes what is still open
        // TypeORM answers a DELETE with [rows, affected].
        const [, events] = await m.query<[unknown[], number]>(
          `DELETE FROM motion_events WHERE camera_id = $1 AND started_at < $2 AND id IN (
             SELECT e.id FROM motion_events e
             WHERE e.camera_id = $1 AND e.started_at < $2 AND (e.ended_at < $2 OR ($3 AND e.ended_at IS NULL))
               AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.motion_event_id = e.id)
               AND NOT ${windowIsHeldSql('e')}
             LIMIT $4)`,
          [cameraId, until, open, batch],
        );
        const [, gaps] = await m.query<[unknown[], number]>(
          `DELETE FROM camera_gaps WHERE id IN (
             SELECT g.id FROM camera_gaps g
             WHERE g.camera_id = $1 AND g.started_at < $2 AND (g.ended_at < $2 OR ($3 AND g.ended_at IS NULL))
               AND NOT ${windowIsHeldSql('g')}
             LIMIT $4)`,
          [cameraId, until, open, batch],
        );
        const [, subscriptions] = await m.query<[unknown[], number]>(
          `DELETE FROM camera_subscriptions WHERE camera_id = $1 AND terminates_at < now() AND terminates_at < $2`,
          [cameraId, until],
        );
        const counts = { events, gaps, subscriptions };
        if (events + gaps + subscriptions > 0) {
          await this.audit.record(
            {
              actor: SYSTEM_ACTOR,
              action: 'events.deleted',
              subject: { type: 'camera', id: cameraId },
              cameraId,
              details: { reason, cutoff: cutoff?.toISOString() ?? null, ...counts },
            },
            m,
          );
        }
        return counts;
      });
      total.events += counts.events;
      total.gaps += counts.gaps;
      total.subscriptions += counts.subscriptions;
      if (counts.events < batch && counts.gaps < batch) return total;
    }
  }
}
