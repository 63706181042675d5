import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HoldingFence, type HoldingToken } from '@wardwatch/holdings';
import type { Episode, PlannedClip } from './clip-planner';
import { ClipEntity } from './clip.entity';
import { clipIsHeldSql } from './legal-holds.service';

/** A camera this worker may buffer: active, its current consent given and including clips. */
export interface RecordingTarget {
  id: string;
  wardId: string;
  onvifHost: string;
  streamUri: string;
  credentialsSealed: string;
  clockOffsetMs: number;
  retentionDays: number;
  /** The owner's choice, or null for the worker's default. */
  preRollS: number | null;
  postRollS: number | null;
}

/** A clip still 'capturing' (its segments stay pinned; with an end, it is due), oldest first. */
export interface OpenClip {
  id: string;
  motionEventId: string;
  from: number;
  to: number | null;
}

export interface AssembledClip {
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  sizeBytes: number;
  sha256: string;
  thumbnailSha256: string;
  objectKey: string;
  thumbnailKey: string;
  workerId: string;
  provenance: Record<string, unknown>;
}

/**
 * The clip index: what capture plans, assembles, stores and retention removes. Capture's writes are
 * as the camera's owner: they carry the lease's fencing token and are refused (FencedWriteRefused)
 * once another worker's newer lease is recorded, so a paused worker cannot fail or overwrite the
 * clips and gaps of the camera's new owner.
 */
@Injectable()
export class ClipRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fence: HoldingFence,
  ) {}

  /** One transaction that first checks the holding's token (FOR SHARE: no newer lease can be recorded meanwhile). */
  private asOwner<T>(holding: HoldingToken, write: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await this.fence.guard(m, holding, write);
      return fn(m);
    });
  }

  recordingTargets(cameraIds: string[]): Promise<RecordingTarget[]> {
    if (cameraIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query<RecordingTarget[]>(
      `SELECT c.id, c.ward_id AS "wardId", c.onvif_host AS "onvifHost", c.stream_uri AS "streamUri",
              c.credentials_sealed AS "credentialsSealed", c.clock_offset_ms AS "clockOffsetMs", k.retention_days AS "retentionDays", c.clip_pre_roll_s AS "preRollS", c.clip_post_roll_s AS "postRollS"
       FROM cameras c
       JOIN LATERAL (SELECT state, purposes, retention_days FROM camera_consents k WHERE k.camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true
       WHERE c.id = ANY($1) AND c.lifecycle = 'active' AND k.state = 'given' AND 'clips' = ANY (k.purposes)
       ORDER BY c.id`,
      [cameraIds],
    );
  }

  /**
   * Of these cameras, the ones capture has work for: open motion, recent motion no clip covers yet
   * (and none was tried for), or an open clip. The rest are skipped for the tick, so an idle ward costs one query per tick, not four per camera.
   */
  async busyCameras(cameraIds: string[], since: Date, clipMaxMs: number): Promise<Set<string>> {
    if (cameraIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ camera_id: string }[]>(
      // Open motion from its keys (motion_event_keys' partial index: a handful of rows), recent
      // motion from the day partitions since $2 only: motion_events is partitioned by started_at,
      // and "OR ended_at IS NULL" would make every partition's index read, and planned, every tick.
      `SELECT camera_id FROM motion_event_keys WHERE camera_id = ANY($1) AND open_episode IS NOT NULL
       UNION
       SELECT DISTINCT e.camera_id FROM motion_events e
       WHERE e.camera_id = ANY($1) AND e.kind = 'motion' AND e.started_at >= $2
         AND (e.ended_at IS NULL OR NOT EXISTS (
               SELECT 1 FROM clips c WHERE c.camera_id = e.camera_id
                 AND (c.motion_event_id = e.id
                      -- As in planClips: a failed clip (perhaps with its end still open) covers no later motion.
                      -- A clip spans at most CLIP_MAX_SECONDS (planClips caps it), so only clips that began that
                      -- long before the motion can cover it: the index range stays a tick's worth, not the
                      -- camera's whole clip history (bench:hot, 10 M events: 96 ms before this bound).
                      OR (c.status <> 'failed' AND c.requested_from <= e.started_at
                          AND c.requested_from >= e.started_at - make_interval(secs => $3::int / 1000.0)
                          AND (c.requested_to IS NULL OR c.requested_to >= e.started_at)))))
       UNION
       -- An open clip older than that bound is still found here.
       SELECT DISTINCT camera_id FROM clips WHERE camera_id = ANY($1) AND status = 'capturing'`,
      [cameraIds, since, clipMaxMs],
    );
    return new Set(rows.map((r) => r.camera_id));
  }

  /**
   * What planning reads for many cameras at once: each camera's motion episodes that started after
   * `since`, ended after it or are still open, its recent clips and its open ('capturing') clips, in
   * queries for the whole tick rather than four per busy camera (at 100 busy cameras the pass took
   * seconds and its queries took CPU from the assemblies). `openSince` bounds how long before
   * `since` an episode still open or ending after it can have started: an episode ends at most
   * INGEST_MOTION_MAX_SECONDS after its start (its stop, or closeOverdue), so the caller passes that
   * plus a margin for a closer that lagged, and the plan reads only the partitions from then on.
   */
  async planningState(
    cameraIds: string[],
    since: Date,
    openSince: Date,
  ): Promise<Map<string, { episodes: Episode[]; clips: PlannedClip[]; open: OpenClip[] }>> {
    const state = new Map(cameraIds.map((id) => [id, { episodes: [] as Episode[], clips: [] as PlannedClip[], open: [] as OpenClip[] }]));
    if (cameraIds.length === 0) return state;
    const [episodes, clips] = await Promise.all([
      this.dataSource.query<{ camera_id: string; id: string; started_at: Date; ended_at: Date | null }[]>(
        `SELECT e.camera_id, e.id, e.started_at, e.ended_at FROM motion_events e
         JOIN LATERAL (SELECT active_hours FROM camera_consents k WHERE k.camera_id = e.camera_id ORDER BY version DESC LIMIT 1) k ON true
         WHERE e.camera_id = ANY($1) AND e.kind = 'motion' AND e.started_at >= $3
           AND (e.started_at >= $2 OR e.ended_at IS NULL OR e.ended_at >= $2)
           AND (k.active_hours IS NULL OR consent_within_active_hours(e.started_at, k.active_hours))
         ORDER BY e.started_at`,
        [cameraIds, since, openSince],
      ),
      this.dataSource.query<
        {
          camera_id: string;
          id: string;
          motion_event_id: string;
          sequence: number;
          requested_from: Date;
          requested_to: Date | null;
          status: PlannedClip['status'];
        }[]
      >(
        // The recent clips, and every open one however old (earliestOpen and due read those).
        `SELECT camera_id, id, motion_event_id, sequence, requested_from, requested_to, status FROM clips
         WHERE camera_id = ANY($1) AND (requested_from >= $2 OR requested_to IS NULL OR requested_to >= $2)
         UNION
         SELECT camera_id, id, motion_event_id, sequence, requested_from, requested_to, status FROM clips
         WHERE camera_id = ANY($1) AND status = 'capturing'
         ORDER BY requested_from`,
        [cameraIds, since],
      ),
    ]);
    for (const r of episodes)
      state.get(r.camera_id)?.episodes.push({ id: r.id, start: r.started_at.getTime(), end: r.ended_at?.getTime() ?? null });
    for (const r of clips) {
      const entry = state.get(r.camera_id);
      if (!entry) continue;
      const from = r.requested_from.getTime();
      const to = r.requested_to?.getTime() ?? null;
      if (from >= since.getTime() || to === null || to >= since.getTime())
        entry.clips.push({ id: r.id, motionEventId: r.motion_event_id, sequence: r.sequence, from, to, status: r.status });
      if (r.status === 'capturing') entry.open.push({ id: r.id, motionEventId: r.motion_event_id, from, to });
    }
    return state;
  }

  /** Inserts a planned clip; a clip that exists already (another tick, a restart) is left alone. */
  async insertPlanned(holding: HoldingToken, clip: PlannedClip, retentionDays: number, motionStartedAt?: number): Promise<void> {
    const cameraId = holding.cameraId;
    // The event's started_at names its partition (without it a trigger looks it up in each one).
    await this.asOwner(holding, 'clip_planned', (m) =>
      m.query(
        `INSERT INTO clips (camera_id, motion_event_id, sequence, status, requested_from, requested_to, retain_until, motion_event_started_at)
       VALUES ($1, $2, $3, 'capturing', $4, $5, $6, $7)
       ON CONFLICT (motion_event_id, sequence) DO NOTHING`,
        [
          cameraId,
          clip.motionEventId,
          clip.sequence,
          new Date(clip.from),
          clip.to === null ? null : new Date(clip.to),
          new Date((clip.to ?? clip.from) + retentionDays * 86_400_000),
          motionStartedAt === undefined ? null : new Date(motionStartedAt),
        ],
      ),
    );
  }

  async extend(holding: HoldingToken, clipId: string, to: number | null, retentionDays: number): Promise<void> {
    await this.asOwner(holding, 'clip_extended', (m) =>
      m.query(`UPDATE clips SET requested_to = $2, retain_until = GREATEST(retain_until, $3) WHERE id = $1 AND status = 'capturing'`, [
        clipId,
        to === null ? null : new Date(to),
        new Date((to ?? Date.now()) + retentionDays * 86_400_000),
      ]),
    );
  }

  /** One camera's open clips, oldest first: read again after planning changed them. */
  async openClips(cameraId: string): Promise<OpenClip[]> {
    const rows = await this.dataSource.query<{ id: string; motion_event_id: string; requested_from: Date; requested_to: Date | null }[]>(
      `SELECT id, motion_event_id, requested_from, requested_to FROM clips
       WHERE camera_id = $1 AND status = 'capturing' ORDER BY requested_from`,
      [cameraId],
    );
    return rows.map((r) => ({
      id: r.id,
      motionEventId: r.motion_event_id,
      from: r.requested_from.getTime(),
      to: r.requested_to?.getTime() ?? null,
    }));
  }

  async markAssembled(holding: HoldingToken, clipId: string, a: AssembledClip): Promise<void> {
    await this.asOwner(holding, 'clip_assembled', (m) =>
      m.query(
        `UPDATE clips SET status = 'assembled', started_at = $2, ended_at = $3, duration_ms = $4, size_bytes = $5, sha256 = $6,
              thumbnail_sha256 = $7, object_key = $8, thumbnail_key = $9, worker_id = $10, provenance = $11
       WHERE id = $1 AND status = 'capturing'`,
        [
          clipId,
          a.startedAt,
          a.endedAt,
          a.durationMs,
          a.sizeBytes,
          a.sha256,
          a.thumbnailSha256,
          a.objectKey,
          a.thumbnailKey,
          a.workerId,
          a.provenance,
        ],
      ),
    );
  }

  /** `holding`: capture failing a clip as the camera's owner; null: the upload failing its own assembled clip. */
  async markFailed(holding: HoldingToken | null, clipId: string, reason: string): Promise<void> {
    const write = (m: EntityManager) =>
      m.query(`UPDATE clips SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status IN ('capturing', 'assembled')`, [
        clipId,
        reason.slice(0, 500),
      ]);
    await (holding ? this.asOwner(holding, 'clip_failed', write) : write(this.dataSource.manager));
  }

  /** Fails every open clip of a camera whose capture stopped (consent withdrawn, lease moved, worker stopping). */
  async failOpen(holding: HoldingToken, reason: string): Promise<number> {
    return this.asOwner(holding, 'clips_failed_open', async (m) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [, affected] = await m.query<[unknown[], number]>(
        `UPDATE clips SET status = 'failed', failure_reason = $2 WHERE camera_id = $1 AND status = 'capturing'`,
        [holding.cameraId, reason.slice(0, 500)],
      );
      return affected;
    });
  }

  async markStored(clipId: string, manager: EntityManager): Promise<boolean> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE clips SET status = 'stored', stored_at = now(), worker_id = NULL WHERE id = $1 AND status = 'assembled'`,
      [clipId],
    );
    return affected > 0;
  }

  async assembledBy(workerId: string): Promise<ClipEntity[]> {
    return this.dataSource.getRepository(ClipEntity).find({ where: { workerId, status: 'assembled' } });
  }

  findById(clipId: string): Promise<ClipEntity | null> {
    return this.dataSource.getRepository(ClipEntity).findOne({ where: { id: clipId } });
  }

  /**
   * A closed gap in the camera's video (stream lost). One outage may be reported twice (by the clip
   * that needed it and by the recorder when the stream returns): overlapping reports merge.
   */
  async recordStreamGap(holding: HoldingToken, from: Date, to: Date, detail: string): Promise<void> {
    const cameraId = holding.cameraId;
    await this.asOwner(holding, 'stream_gap', async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('stream-gap:' || $1::text))`, [cameraId]);
      const [, merged] = await m.query<[unknown[], number]>(
        // An open gap (the outage goes on, see streamLost) stays open.
        `UPDATE camera_gaps SET started_at = LEAST(started_at, $2), ended_at = CASE WHEN ended_at IS NULL THEN NULL ELSE GREATEST(ended_at, $3) END
         WHERE camera_id = $1 AND reason = 'stream_lost' AND started_at <= $3 AND (ended_at IS NULL OR ended_at >= $2)`,
        [cameraId, from, to],
      );
      if (merged > 0) return;
      await m.query(
        `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at, detail) VALUES ($1, 'stream_lost', $2, GREATEST($2::timestamptz, $3), $4)`,
        [cameraId, from, to, detail.slice(0, 255)],
      );
    });
  }

  /**
   * The camera's stream cannot be read (refused, or it stopped sending) since `from`: an open
   * `stream_lost` gap (one per outage) and health `stream_unreachable`, so an officer and the owner
   * see why there are no clips. Health is taken over only from online or unknown: offline or an
   * auth failure, which the event subscription reports, says more.
   */
  async streamLost(holding: HoldingToken, from: Date, detail: string, mergeWithinMs: number): Promise<void> {
    const cameraId = holding.cameraId;
    await this.asOwner(holding, 'stream_lost', async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('stream-gap:' || $1::text))`, [cameraId]);
      const open = await m.query<unknown[]>(
        `SELECT 1 FROM camera_gaps WHERE camera_id = $1 AND reason = 'stream_lost' AND ended_at IS NULL LIMIT 1`,
        [cameraId],
      );
      if (open.length === 0) {
        // The same outage may already have a closed gap: from a clip that needed the video, or from
        // the recorder restarting (credentials or address changed) while the stream was down.
        const [, reopened] = await m.query<[unknown[], number]>(
          `UPDATE camera_gaps SET ended_at = NULL, started_at = LEAST(started_at, $2)
           WHERE id = (SELECT id FROM camera_gaps WHERE camera_id = $1 AND reason = 'stream_lost' AND ended_at >= $2::timestamptz - make_interval(secs => $3::int / 1000.0)
                       ORDER BY ended_at DESC LIMIT 1)`,
          [cameraId, from, mergeWithinMs],
        );
        if (reopened === 0) {
          await m.query(`INSERT INTO camera_gaps (camera_id, reason, started_at, detail) VALUES ($1, 'stream_lost', $2, $3)`, [
            cameraId,
            from,
            detail.slice(0, 255),
          ]);
        }
      }
      await m.query(`UPDATE cameras SET health = 'stream_unreachable' WHERE id = $1 AND health IN ('online', 'unknown')`, [cameraId]);
    });
  }

  /** The stream is readable again (or this worker no longer records it): the open gap closes at `at`, health recovers. */
  async streamBack(holding: HoldingToken, at: Date): Promise<void> {
    const cameraId = holding.cameraId;
    await this.asOwner(holding, 'stream_back', async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('stream-gap:' || $1::text))`, [cameraId]);
      await m.query(
        `UPDATE camera_gaps SET ended_at = GREATEST($2::timestamptz, started_at)
         WHERE camera_id = $1 AND reason = 'stream_lost' AND ended_at IS NULL`,
        [cameraId, at],
      );
      await m.query(`UPDATE cameras SET health = 'online' WHERE id = $1 AND health = 'stream_unreachable'`, [cameraId]);
    });
  }

  /**
   * Up to `limit` ids of clips past retention, or whose camera's consent no longer allows clips,
   * that no hold covers (as of now: the deleting statement decides again under the hold lock).
   * Expired ones first, found through the expiry index; then those of cameras without clip consent.
   */
  async deletableIds(limit: number): Promise<string[]> {
    const expired = await this.dataSource.query<{ id: string }[]>(
      `SELECT clip.id FROM clips clip
       WHERE clip.status IN ('stored', 'failed') AND clip.retain_until < now() AND NOT ${clipIsHeldSql('clip')}
       ORDER BY clip.retain_until LIMIT $1`,
      [limit],
    );
    if (expired.length >= limit) return expired.map((r) => r.id);
    const unconsented = await this.dataSource.query<{ id: string }[]>(
      `SELECT clip.id FROM clips clip
       WHERE clip.status IN ('stored', 'failed') AND clip.retain_until >= now()
         AND clip.camera_id IN (SELECT c.id FROM cameras c WHERE NOT ${cameraConsentsToClipsSql('c.id')})
         AND NOT ${clipIsHeldSql('clip')}
       LIMIT $1`,
      [limit - expired.length],
    );
    return [...expired, ...unconsented].map((r) => r.id);
  }

  /** Up to `limit` ids of the camera's clips no hold covers (withdrawal deletes these at once). */
  async unheldIdsOf(cameraId: string, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT clip.id FROM clips clip
       WHERE clip.camera_id = $1 AND clip.status IN ('stored', 'failed') AND NOT ${clipIsHeldSql('clip')}
       LIMIT $2`,
      [cameraId, limit],
    );
    return rows.map((r) => r.id);
  }
}

/** SQL condition "the camera's current consent allows clips" (given or paused, with the clips purpose). */
export function cameraConsentsToClipsSql(cameraId: string): string {
  return `EXISTS (
    SELECT 1 FROM (SELECT state, purposes FROM camera_consents k WHERE k.camera_id = ${cameraId} ORDER BY version DESC LIMIT 1) k
    WHERE k.state IN ('given', 'paused') AND 'clips' = ANY (k.purposes))`;
}
