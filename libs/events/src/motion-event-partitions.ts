import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { lockAgainstHolds } from './holds-lock';

const DAY_MS = 86_400_000;

/** The UTC day (midnight) holding `at`. */
export const utcDay = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** motion_events_YYYYMMDD: the name migration MotionEventsByDay's motion_events_add_day gives a day's partition. */
export function partitionName(day: Date): string {
  return `motion_events_${day.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The day a partition name stands for, or null for the default partition and anything else. */
export function partitionDay(name: string): Date | null {
  const m = /^motion_events_(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** Today and the `ahead` days after it (UTC). */
export function daysAhead(now: Date, ahead: number): Date[] {
  const today = utcDay(now).getTime();
  return Array.from({ length: ahead + 1 }, (_, i) => new Date(today + i * DAY_MS));
}

/**
 * Whether a day's whole partition is past every retention: it ends at least `retentionDays` before
 * `now` (the longest retention any camera's current consent has). Holds and clips are checked
 * against the database, in the dropping transaction.
 */
export function dayIsPastRetention(day: Date, now: Date, retentionDays: number): boolean {
  return day.getTime() + DAY_MS <= now.getTime() - retentionDays * DAY_MS;
}

export interface PartitionDrop {
  day: string;
  rows: number;
}

export interface KeptPartition {
  day: string;
  reason: 'held' | 'clips';
}

/**
 * motion_events' daily partitions: created ahead of time by the worker (a row whose day has no
 * partition lands in the default partition, which is safe but not pruned), and dropped whole once
 * the day is past the longest retention any camera has, no active legal hold overlaps it and no
 * clip names its events. A day that fails any of these is left to per-camera deletes
 * (event-retention). Plain SQL, no extension: the rules are ours (holds, clips, consent), and one
 * statement creates a partition.
 */
@Injectable()
export class MotionEventPartitions {
  private readonly logger = new Logger(MotionEventPartitions.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates today's partition and `ahead` days after it; returns the names of the days now partitioned. */
  async createAhead(ahead: number, now = new Date()): Promise<string[]> {
    const made: string[] = [];
    for (const day of daysAhead(now, ahead)) {
      const [{ name }] = await this.dataSource.query<{ name: string | null }[]>(`SELECT motion_events_add_day($1::date) AS name`, [
        day.toISOString().slice(0, 10),
      ]);
      if (name) made.push(name);
      else this.logger.warn({ day: day.toISOString().slice(0, 10) }, 'rows of this day are in the default partition: left there');
    }
    return made;
  }

  /** The day partitions that exist, oldest first. */
  async days(): Promise<Date[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'motion_events'::regclass`,
    );
    return rows
      .map((r) => partitionDay(r.name))
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime());
  }

  /**
   * The longest retention of any camera's current consent, at most the ward's maximum. With no
   * consent at all, the maximum (nothing is known to be expired).
   */
  private async longestRetentionDays(maxRetentionDays: number): Promise<number> {
    const [{ days }] = await this.dataSource.query<{ days: number | null }[]>(
      `SELECT max(k.retention_days)::int AS days FROM cameras c
       JOIN LATERAL (SELECT retention_days FROM camera_consents WHERE camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true`,
    );
    return Math.min(days ?? maxRetentionDays, maxRetentionDays);
  }

  /**
   * Drops every day partition past retention that no active hold overlaps and no clip references,
   * each in its own transaction with its audit entry. The hold check runs under the lock hold
   * placement takes (lockAgainstHolds), so a hold placed meanwhile waits and then finds the
   * day gone, or is seen and keeps it; a clip inserted meanwhile makes the drop fail on its
   * foreign key (RESTRICT) and the day is kept for the next run.
   */
  async dropBehind(maxRetentionDays: number, now = new Date()): Promise<{ dropped: PartitionDrop[]; kept: KeptPartition[] }> {
    const retentionDays = await this.longestRetentionDays(maxRetentionDays);
    const dropped: PartitionDrop[] = [];
    const kept: KeptPartition[] = [];
    for (const day of await this.days()) {
      if (!dayIsPastRetention(day, now, retentionDays)) break;
      const name = partitionName(day);
      const label = day.toISOString().slice(0, 10);
      const lo = day;
      const hi = new Date(day.getTime() + DAY_MS);
      const outcome = await this.dataSource
        .transaction('READ COMMITTED', async (m): Promise<number | KeptPartition['reason']> => {
          await lockAgainstHolds(m);
          const [{ held, clips }] = await m.query<{ held: boolean; clips: boolean }[]>(
            `SELECT EXISTS (SELECT 1 FROM legal_holds WHERE lifted_at IS NULL AND "from" < $2 AND "until" >= $1) AS held,
                  EXISTS (SELECT 1 FROM clips WHERE motion_event_started_at >= $1 AND motion_event_started_at < $2) AS clips`,
            [lo, hi],
          );
          if (held) return 'held' as const;
          if (clips) return 'clips' as const;
          // Deletes the day's keys, then drops the partition (with the owner's rights; clips' foreign key refuses it if any name its events).
          const [{ rows }] = await m.query<{ rows: number }[]>(`SELECT motion_events_drop_day($1::date)::int AS rows`, [label]);
          await this.audit.record(
            {
              actor: SYSTEM_ACTOR,
              action: 'events.partition_dropped',
              subject: { type: 'motion_events_partition', id: name },
              details: { day: label, rows, retentionDays },
            },
            m,
          );
          return rows;
        })
        .catch((e: unknown) => {
          // A clip made for the day since the check: its foreign key refused the drop; the next run decides again.
          if ((e as { driverError?: { code?: string } }).driverError?.code === '23503') return 'clips' as const;
          throw e;
        });
      if (typeof outcome === 'number') dropped.push({ day: label, rows: outcome });
      else kept.push({ day: label, reason: outcome });
    }
    if (dropped.length) this.logger.log({ dropped, retentionDays }, 'dropped motion event partitions past retention');
    return { dropped, kept };
  }
}
