import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { dedupeKey, type EventWrite } from './event-writes';

export interface ApplyResult {
  opened: number;
  closed: number;
  points: number;
  /** Writes that found their row already there (a message pulled twice, a replay). */
  duplicates: number;
  /** Stops with no open event to close (the start was missed, or the stop was a duplicate). */
  unmatchedStops: number;
  /** Writes PostgreSQL refused for their content; the rest of the batch was written without them. */
  rejected: { op: EventWrite['op']; topic: string; error: string }[];
}

/**
 * PostgreSQL errors about a row's content rather than the database's state: data exceptions (22),
 * integrity violations (23) and program limits such as an over-large index row (54). Retrying
 * them fails the same way; anything else (connection lost, shutdown) is worth retrying whole.
 */
export function isContentError(e: unknown): boolean {
  const code = e instanceof QueryFailedError ? (e.driverError as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/**
 * The open motion episode of camera $1, topic $2, source $3: its key, by the partial unique index
 * `uq_motion_event_keys_open_episode` (motion_events, partitioned by time, cannot hold that key).
 */
const OPEN_EPISODE_SQL = `SELECT event_id AS id FROM motion_event_keys
  WHERE camera_id = $1::uuid AND open_episode = md5($2::text || '|' || $3::text)`;

/**
 * Inserts an event only if its key is new: the key row is claimed first (ON CONFLICT DO NOTHING
 * arbitrates the dedupe key and, for an open episode, the one-open-episode index at once), and the
 * event is made from what that returned, in the same statement. `keyRow` is a SELECT of
 * (dedupe_key, event_id, event_started_at, camera_id, open_episode); `values` the event's columns
 * after its id, in `columns` order.
 */
const insertWithKey = (keyRow: string, columns: string, values: string) => `
  WITH k AS (
    INSERT INTO motion_event_keys (dedupe_key, event_id, event_started_at, camera_id, open_episode) ${keyRow}
    ON CONFLICT DO NOTHING RETURNING event_id)
  INSERT INTO motion_events (id, ${columns}) SELECT k.event_id, ${values} FROM k RETURNING id`;

const emptyResult = (): ApplyResult => ({ opened: 0, closed: 0, points: 0, duplicates: 0, unmatchedStops: 0, rejected: [] });

/**
 * Writes to the motion event index. Every write is idempotent (unique dedupe keys, closes that
 * only touch open rows), so a batch retried after a database restart, or messages pulled twice,
 * change nothing the second time. Explicit SQL: this is the ingest hot path.
 */
/**
 * Run first in the writing transaction; throws to refuse the whole write. Ingest passes its lease's
 * fencing check (a worker that lost the camera must not write its events).
 */
export type WriteGuard = (m: EntityManager) => Promise<void>;

@Injectable()
export class EventIndexRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Applies one camera's writes, in order, in one transaction. If PostgreSQL refuses one write for
   * its content, the batch is applied again with each write under its own savepoint, so that the
   * refused ones are skipped (and reported in `rejected`) and the rest of the pull is not lost.
   * Errors of the database itself are thrown: the caller keeps the batch and retries it whole.
   */
  async apply(cameraId: string, clockOffsetMs: number, writes: EventWrite[], guard?: WriteGuard): Promise<ApplyResult> {
    try {
      // One statement needs no transaction of its own (two round trips fewer on the hot path). The
      // isolation level is PostgreSQL's default, READ COMMITTED: naming it would cost another.
      if (writes.length === 1 && !guard) return await this.applyIn(this.dataSource.manager, cameraId, clockOffsetMs, writes);
      return await this.dataSource.transaction(async (m) => {
        await guard?.(m);
        return this.applyIn(m, cameraId, clockOffsetMs, writes);
      });
    } catch (e) {
      if (!isContentError(e)) throw e;
      return this.dataSource.transaction(async (m) => {
        await guard?.(m);
        return this.applyEach(m, cameraId, clockOffsetMs, writes);
      });
    }
  }

  /**
   * The stop that ends `writes[i]` (an open) within the same batch, if no other change of the same
   * topic and source comes between: the pair is written as one closed row (one statement, not two),
   * which is what a busy camera's pulls mostly carry.
   */
  private stopInBatch(writes: EventWrite[], i: number, consumed: Set<number>): number {
    const open = writes[i];
    for (let j = i + 1; j < writes.length; j++) {
      const w = writes[j];
      if (consumed.has(j) || w.topic !== open.topic || w.sourceKey !== open.sourceKey) continue;
      return w.op === 'close' ? j : -1;
    }
    return -1;
  }

  private async applyEach(m: EntityManager, cameraId: string, clockOffsetMs: number, writes: EventWrite[]): Promise<ApplyResult> {
    const total = emptyResult();
    for (const w of writes) {
      await m.query('SAVEPOINT event_write');
      try {
        const one = await this.applyIn(m, cameraId, clockOffsetMs, [w]);
        await m.query('RELEASE SAVEPOINT event_write');
        total.opened += one.opened;
        total.closed += one.closed;
        total.points += one.points;
        total.duplicates += one.duplicates;
        total.unmatchedStops += one.unmatchedStops;
      } catch (e) {
        if (!isContentError(e)) throw e;
        await m.query('ROLLBACK TO SAVEPOINT event_write');
        total.rejected.push({ op: w.op, topic: w.topic, error: (e as Error).message });
      }
    }
    return total;
  }

  private async applyIn(m: EntityManager, cameraId: string, clockOffsetMs: number, writes: EventWrite[]): Promise<ApplyResult> {
    const result = emptyResult();
    const consumed = new Set<number>();
    for (const [i, w] of writes.entries()) {
      if (consumed.has(i)) continue;
      switch (w.op) {
        case 'open': {
          const j = this.stopInBatch(writes, i, consumed);
          const stop = j >= 0 ? writes[j] : undefined;
          if (stop?.op === 'close') {
            // Not while motion of this topic and source is open: then this start repeats that
            // episode, and the stop (applied on its own below) ends it.
            const rows = await m.query<{ id: string }[]>(
              insertWithKey(
                `SELECT $9::text, gen_random_uuid(), $4::timestamptz, $1::uuid, NULL WHERE NOT EXISTS (${OPEN_EPISODE_SQL})`,
                'camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at, clock_offset_ms, dedupe_key, closed_by',
                `$1::uuid, 'motion', $2::text, $3::text, $4::timestamptz, GREATEST($5::timestamptz, $4::timestamptz), $6::timestamptz, $7::timestamptz, $8::int, $9::text, 'stop'`,
              ),
              [cameraId, w.topic, w.sourceKey, w.at, stop.at, w.cameraAt, stop.cameraAt, clockOffsetMs, w.dedupeKey],
            );
            if (rows.length) {
              result.opened += 1;
              result.closed += 1;
              consumed.add(j);
            } else {
              // Already indexed (pulled twice), or a repeated start of open motion: the stop is
              // applied on its own below, as it would have been.
              result.duplicates += 1;
            }
            break;
          }
          // A start while motion of this topic and source is open is the same episode: only a stop,
          // the maximum duration or a lost subscription ends it. The open-episode unique index makes
          // the repeat's key a conflict (no target: the dedupe key or the open episode), so it changes nothing.
          const rows = await m.query<{ id: string }[]>(
            insertWithKey(
              `VALUES ($7::text, gen_random_uuid(), $4::timestamptz, $1::uuid, md5($2::text || '|' || $3::text))`,
              'camera_id, kind, topic, source_key, started_at, camera_started_at, clock_offset_ms, dedupe_key',
              `$1::uuid, 'motion', $2::text, $3::text, $4::timestamptz, $5::timestamptz, $6::int, $7::text`,
            ),
            [cameraId, w.topic, w.sourceKey, w.at, w.cameraAt, clockOffsetMs, w.dedupeKey],
          );
          if (rows.length) result.opened += 1;
          else result.duplicates += 1;
          break;
        }
        case 'close': {
          if (await this.closeLatestOpen(m, cameraId, w.topic, w.sourceKey, w.at, w.cameraAt, 'stop')) result.closed += 1;
          else result.unmatchedStops += 1;
          break;
        }
        case 'point': {
          const rows = await m.query<{ id: string }[]>(
            insertWithKey(
              `VALUES ($9::text, gen_random_uuid(), $5::timestamptz, $1::uuid, NULL::char(32))`,
              'camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at, clock_offset_ms, data, dedupe_key, closed_by',
              `$1::uuid, $2::varchar, $3::text, $4::text, $5::timestamptz, $5::timestamptz, $6::timestamptz, $6::timestamptz, $7::int, $8::jsonb, $9::text, 'point'`,
            ),
            [cameraId, w.kind, w.topic, w.sourceKey, w.at, w.cameraAt, clockOffsetMs, JSON.stringify(w.data), w.dedupeKey],
          );
          if (rows.length) result.points += 1;
          else result.duplicates += 1;
          break;
        }
        case 'state': {
          // After a (re-)subscription: motion that ended while we could not see is closed at the
          // moment we learned it; motion that started unseen is opened then.
          if (!w.active) {
            if (await this.closeLatestOpen(m, cameraId, w.topic, w.sourceKey, w.at, null, 'subscription_lost')) result.closed += 1;
          } else {
            const open = await m.query<{ id: string }[]>(`${OPEN_EPISODE_SQL} LIMIT 1`, [cameraId, w.topic, w.sourceKey]);
            if (open.length === 0) {
              const cameraAt = new Date(w.at.getTime() + clockOffsetMs);
              const inserted = await m.query<{ id: string }[]>(
                insertWithKey(
                  `VALUES ($7::text, gen_random_uuid(), $4::timestamptz, $1::uuid, md5($2::text || '|' || $3::text))`,
                  'camera_id, kind, topic, source_key, started_at, camera_started_at, clock_offset_ms, dedupe_key',
                  `$1::uuid, 'motion', $2::text, $3::text, $4::timestamptz, $5::timestamptz, $6::int, $7::text`,
                ),
                [
                  cameraId,
                  w.topic,
                  w.sourceKey,
                  w.at,
                  cameraAt,
                  clockOffsetMs,
                  dedupeKey(cameraId, w.topic, w.sourceKey, 'observed-active', w.at),
                ],
              );
              if (inserted.length) result.opened += 1;
            }
          }
          break;
        }
      }
    }
    return result;
  }

  private async closeLatestOpen(
    m: EntityManager,
    cameraId: string,
    topic: string,
    sourceKey: string,
    at: Date,
    cameraAt: Date | null,
    closedBy: string,
  ): Promise<boolean> {
    // The open episode from its key (one, by the open-episode index), then its row by (id,
    // started_at): both statements touch one partition, where a search of motion_events for the
    // open row would read (and plan) every day's partition. The key gives up its open-episode slot
    // in the same statement as the row closes; a close that another writer won changes nothing.
    const [open] = await m.query<{ event_id: string; event_started_at: Date; dedupe_key: string }[]>(
      `SELECT event_id, event_started_at, dedupe_key FROM motion_event_keys
       WHERE camera_id = $1::uuid AND open_episode = md5($2::text || '|' || $3::text) AND event_started_at <= $4`,
      [cameraId, topic, sourceKey, at],
    );
    if (!open) return false;
    const rows = await m.query<{ id: string }[]>(
      `WITH e AS (
         UPDATE motion_events SET ended_at = GREATEST($3::timestamptz, started_at), camera_ended_at = $4, closed_by = $5
         WHERE id = $1 AND started_at = $2 AND ended_at IS NULL RETURNING id),
       k AS (UPDATE motion_event_keys SET open_episode = NULL WHERE dedupe_key = $6 AND EXISTS (SELECT 1 FROM e))
       SELECT id FROM e`,
      [open.event_id, open.event_started_at, at, cameraAt, closedBy, open.dedupe_key],
    );
    return rows.length > 0;
  }

  /**
   * Closes events left open longer than `maxMs` (a start whose stop never came), at start + max.
   * Open motion is found by its keys (uq_motion_event_keys_open_episode holds open episodes only),
   * then closed in the day partitions those started in: a plain bound on started_at, so the
   * statement is planned for those days and not for every partition (bench:hot).
   */
  async closeOverdue(maxMs: number, now = new Date()): Promise<number> {
    const open = await this.dataSource.query<{ event_id: string; event_started_at: Date }[]>(
      `SELECT event_id, event_started_at FROM motion_event_keys
       WHERE open_episode IS NOT NULL AND event_started_at < $1::timestamptz - make_interval(secs => $2::int / 1000.0)`,
      [now, maxMs],
    );
    if (open.length === 0) return 0;
    const starts = open.map((o) => o.event_started_at.getTime());
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `WITH e AS (
         UPDATE motion_events SET ended_at = started_at + make_interval(secs => $1::int / 1000.0), closed_by = 'max_duration'
         WHERE (id, started_at) IN (SELECT * FROM unnest($2::uuid[], $3::timestamptz[])) AND started_at BETWEEN $4 AND $5
           AND kind = 'motion' AND ended_at IS NULL
         RETURNING id, started_at),
       k AS (UPDATE motion_event_keys k SET open_episode = NULL FROM e WHERE k.event_started_at = e.started_at AND k.event_id = e.id)
       SELECT count(*)::int AS n FROM e`,
      [
        maxMs,
        open.map((o) => o.event_id),
        open.map((o) => o.event_started_at.toISOString()),
        new Date(Math.min(...starts)),
        new Date(Math.max(...starts)),
      ],
    );
    return n;
  }
}
