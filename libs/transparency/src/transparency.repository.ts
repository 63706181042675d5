import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FIGURES, type CountRow, type Month, type Ward } from './transparency-figures';

const CAMERA_ACTIONS = FIGURES.filter((f) => f.attribution === 'camera').map((f) => f.action);
const CAMERAS_ACTIONS = FIGURES.filter((f) => f.attribution === 'cameras').map((f) => f.action);

/**
 * The report's one grouped query. The entries of the counted actions in the period come from
 * idx_audit_entries_action_at (action, at); each is joined to the ward of every camera it concerns
 * (`camera_id`, or the `cameraIds` it names in its hashed details) and counted once per ward.
 * Months are the ward's calendar months: the bounds are the ward's midnights, and `at` is read in
 * the ward's zone for grouping.
 */
export const REPORT_SQL = `
WITH entries AS (
  SELECT e.seq, e.action, e.camera_id, e.details, to_char(e.at AT TIME ZONE $3, 'YYYY-MM') AS month
  FROM audit_entries e
  WHERE e.action = ANY($4::text[])
    AND e.at >= ($1::timestamp AT TIME ZONE $3) AND e.at < ($2::timestamp AT TIME ZONE $3)
),
entry_cameras AS (
  SELECT seq, action, month, camera_id::text AS camera_id FROM entries WHERE action = ANY($5::text[]) AND camera_id IS NOT NULL
  UNION
  SELECT seq, action, month, c.id AS camera_id
  FROM entries
  CROSS JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(details -> 'cameraIds') = 'array' THEN details -> 'cameraIds' ELSE '[]'::jsonb END
  ) AS c(id)
  WHERE action = ANY($6::text[])
)
SELECT ec.month, cam.ward_id::text AS ward_id, ec.action, count(DISTINCT ec.seq)::int AS n
FROM entry_cameras ec
JOIN cameras cam ON cam.id::text = ec.camera_id
GROUP BY ec.month, cam.ward_id, ec.action`;

/** The parameters of REPORT_SQL for months `from`..`to` (both included). */
export function reportParams(from: Month, toExclusive: Month, timeZone: string): unknown[] {
  return [
    `${from}-01 00:00:00`,
    `${toExclusive}-01 00:00:00`,
    timeZone,
    [...CAMERA_ACTIONS, ...CAMERAS_ACTIONS],
    CAMERA_ACTIONS,
    CAMERAS_ACTIONS,
  ];
}

@Injectable()
export class TransparencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts per month, ward and action; `toExclusive` is the month after the last one. */
  async counts(from: Month, toExclusive: Month, timeZone: string): Promise<CountRow[]> {
    const rows = await this.dataSource.query<{ month: string; ward_id: string; action: string; n: number }[]>(
      REPORT_SQL,
      reportParams(from, toExclusive, timeZone),
    );
    return rows.map((r) => ({ month: r.month, wardId: r.ward_id, action: r.action, count: r.n }));
  }

  async wards(): Promise<Ward[]> {
    return this.dataSource.query<Ward[]>('SELECT id::text AS id, code, name FROM wards ORDER BY name, id');
  }
}
