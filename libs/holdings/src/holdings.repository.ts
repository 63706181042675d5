import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A camera a worker should hold: active, its current consent including event metadata. */
export interface HoldingTarget {
  id: string;
  onvifHost: string;
  onvifPort: number;
  onvifPath: string;
  eventsPath: string;
  credentialsSealed: string;
  /** Its consent includes clips and it has a stream address: whoever holds it buffers its video too. */
  video: boolean;
  /** The highest fencing token PostgreSQL has seen for it (0: never held). */
  token: number;
}

/** Gap reasons of a camera nobody covers (written by holdings, closed when a worker takes the camera). */
export const COVERAGE_GAP_REASONS = ['no_worker', 'no_capacity', 'network_refused'] as const;
export type CoverageGapReason = (typeof COVERAGE_GAP_REASONS)[number];
const COVERAGE_REASONS_SQL = COVERAGE_GAP_REASONS.map((r) => `'${r}'`).join(', ');

/** A consenting camera no live lease has covered for longer than a lease period. */
export interface UncoveredCamera {
  id: string;
  onvifHost: string;
  /** When it was last covered: given back, or its last renewal plus a lease period. */
  since: Date;
}

/** The holdings as PostgreSQL keeps them: fencing tokens, renewals, and the gaps of cameras nobody covers. */
@Injectable()
export class HoldingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active cameras whose current consent includes event metadata, in a stable order. */
  targets(): Promise<HoldingTarget[]> {
    return this.dataSource.query<HoldingTarget[]>(
      `SELECT c.id, c.onvif_host AS "onvifHost", c.onvif_port AS "onvifPort", c.onvif_path AS "onvifPath", c.events_path AS "eventsPath",
              c.credentials_sealed AS "credentialsSealed",
              ('clips' = ANY (k.purposes) AND c.stream_uri <> '') AS video,
              COALESCE(h.token, 0)::float8 AS token
       FROM cameras c
       JOIN LATERAL (SELECT state, purposes FROM camera_consents k WHERE k.camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true
       LEFT JOIN camera_holdings h ON h.camera_id = c.id
       WHERE c.lifecycle = 'active' AND k.state = 'given' AND 'event_metadata' = ANY (k.purposes)
       ORDER BY c.id`,
    );
  }

  /** Names this installation (its database), to scope what workers share in Redis. */
  async installation(): Promise<string> {
    const rows = await this.dataSource.query<{ name: string }[]>('SELECT current_database() AS name');
    return rows[0].name;
  }

  /**
   * Records a new lease. False when PostgreSQL already has this token or a newer one (the lease is
   * stale: give it back). Closes the camera's coverage gap; if it had none but nobody covered it
   * for longer than a lease period (every worker was down: nobody was alive to write the gap), the
   * gap is written now, from when the last lease lapsed or was given back until now.
   */
  async recordAcquisition(cameraId: string, token: number, workerId: string, leaseMs: number): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [previous] = await m.query<{ token: number; lapsed_at: Date; ago_ms: number }[]>(
        `SELECT token::float8 AS token, COALESCE(released_at, renewed_at + make_interval(secs => $2::int / 1000.0)) AS lapsed_at,
                (extract(epoch FROM now() - COALESCE(released_at, renewed_at + make_interval(secs => $2::int / 1000.0))) * 1000)::float8 AS ago_ms
         FROM camera_holdings WHERE camera_id = $1 FOR UPDATE`,
        [cameraId, leaseMs],
      );
      if (previous && previous.token >= token) return false;
      await m.query(
        `INSERT INTO camera_holdings (camera_id, token, worker_id, acquired_at, renewed_at, released_at) VALUES ($1, $2, $3, now(), now(), NULL)
         ON CONFLICT (camera_id) DO UPDATE SET token = EXCLUDED.token, worker_id = EXCLUDED.worker_id, acquired_at = now(), renewed_at = now(), released_at = NULL`,
        [cameraId, token, workerId],
      );
      const [, closed] = await m.query<[unknown[], number]>(
        `UPDATE camera_gaps SET ended_at = GREATEST(now(), started_at) WHERE camera_id = $1 AND ended_at IS NULL AND reason IN (${COVERAGE_REASONS_SQL})`,
        [cameraId],
      );
      if (closed === 0 && previous && previous.ago_ms > leaseMs) {
        await m.query(`INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at, detail) VALUES ($1, 'no_worker', $2, now(), $3)`, [
          cameraId,
          previous.lapsed_at,
          'no worker was running: the camera’s lease lapsed and nobody took it until now',
        ]);
      }
      await m.query(`UPDATE cameras SET health = 'unknown' WHERE id = $1 AND health = 'not_covered'`, [cameraId]);
      return true;
    });
  }

  /** Marks these holdings renewed; returns the cameras whose token is still the latest (the others were taken over). */
  async recordRenewals(workerId: string, held: { cameraId: string; token: number }[]): Promise<Set<string>> {
    if (held.length === 0) return new Set();
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = await this.dataSource.query<[{ camera_id: string }[], number]>(
      `UPDATE camera_holdings h SET renewed_at = now()
       FROM unnest($2::uuid[], $3::bigint[]) AS mine(camera_id, token)
       WHERE h.camera_id = mine.camera_id AND h.token = mine.token AND h.worker_id = $1
       RETURNING h.camera_id`,
      [workerId, held.map((h) => h.cameraId), held.map((h) => h.token)],
    );
    return new Set(rows.map((r) => r.camera_id));
  }

  async recordRelease(cameraId: string, token: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE camera_holdings SET released_at = now() WHERE camera_id = $1 AND token = $2 AND released_at IS NULL`,
      [cameraId, token],
    );
  }

  /**
   * Consenting cameras that, as PostgreSQL knows, nobody has covered for longer than a lease period
   * (never held since consent, given back, or not renewed) and that have no open coverage gap yet.
   */
  uncovered(leaseMs: number): Promise<UncoveredCamera[]> {
    return this.dataSource.query<UncoveredCamera[]>(
      `SELECT c.id, c.onvif_host AS "onvifHost", s.since
       FROM cameras c
       JOIN LATERAL (SELECT state, purposes, given_at FROM camera_consents k WHERE k.camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true
       LEFT JOIN camera_holdings h ON h.camera_id = c.id
       CROSS JOIN LATERAL (
         SELECT CASE WHEN h.camera_id IS NULL THEN k.given_at
                     ELSE COALESCE(h.released_at, h.renewed_at + make_interval(secs => $1::int / 1000.0)) END AS since
       ) s
       WHERE c.lifecycle = 'active' AND k.state = 'given' AND 'event_metadata' = ANY (k.purposes)
         AND s.since < now() - make_interval(secs => $1::int / 1000.0)
         AND NOT EXISTS (SELECT 1 FROM camera_gaps g WHERE g.camera_id = c.id AND g.ended_at IS NULL AND g.reason IN (${COVERAGE_REASONS_SQL}))
       ORDER BY c.id`,
      [leaseMs],
    );
  }

  /**
   * A camera that no longer should be covered (paused, withdrawn, consent without event metadata)
   * is not "uncovered": its open coverage gap ends now and health leaves not_covered.
   */
  async closeCoverageOfNonTargets(): Promise<number> {
    const [rows] = await this.dataSource.query<[{ camera_id: string }[], number]>(
      `UPDATE camera_gaps g SET ended_at = GREATEST(now(), g.started_at)
       WHERE g.ended_at IS NULL AND g.reason IN (${COVERAGE_REASONS_SQL})
         AND NOT EXISTS (
           SELECT 1 FROM cameras c
           JOIN LATERAL (SELECT state, purposes FROM camera_consents k WHERE k.camera_id = c.id ORDER BY version DESC LIMIT 1) k ON true
           WHERE c.id = g.camera_id AND c.lifecycle = 'active' AND k.state = 'given' AND 'event_metadata' = ANY (k.purposes))
       RETURNING g.camera_id`,
    );
    if (rows.length === 0) return 0;
    await this.dataSource.query(`UPDATE cameras SET health = 'unknown' WHERE id = ANY($1) AND health = 'not_covered'`, [
      rows.map((r) => r.camera_id),
    ]);
    return rows.length;
  }

  /**
   * Opens the coverage gap of a camera nobody holds and sets its health `not_covered`, unless a worker
   * recorded an acquisition meanwhile (its lease is newer than what the caller read).
   */
  async openCoverageGap(camera: UncoveredCamera, reason: CoverageGapReason, detail: string, leaseMs: number): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      // The holding row's lock orders this against an acquisition being recorded.
      await m.query(`SELECT 1 FROM camera_holdings WHERE camera_id = $1 FOR UPDATE`, [camera.id]);
      const inserted = await m.query<unknown[]>(
        `INSERT INTO camera_gaps (camera_id, reason, started_at, detail)
         SELECT $1, $2, $3, $4
         WHERE NOT EXISTS (SELECT 1 FROM camera_gaps WHERE camera_id = $1 AND ended_at IS NULL AND reason IN (${COVERAGE_REASONS_SQL}))
           AND NOT EXISTS (SELECT 1 FROM camera_holdings WHERE camera_id = $1 AND released_at IS NULL
                           AND renewed_at >= now() - make_interval(secs => $5::int / 1000.0))
         RETURNING 1`,
        [camera.id, reason, camera.since, detail.slice(0, 255), leaseMs],
      );
      if (inserted.length === 0) return false;
      await m.query(`UPDATE cameras SET health = 'not_covered' WHERE id = $1`, [camera.id]);
      return true;
    });
  }
}
