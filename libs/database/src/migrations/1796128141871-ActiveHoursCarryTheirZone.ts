import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent active hours ("22:00-06:00") now carry the time zone they were given in
 * (`active_hours.timeZone`, the ward's WARD_TIME_ZONE at the time), so the window a resident agreed
 * to keeps its meaning whatever the deployment is configured with later, and no zone is written into
 * the SQL. Consent versions are permanent (the table refuses edits), so versions given before this
 * migration keep their JSON as it was: they were all given when Asia/Ho_Chi_Minh was the only zone
 * the service knew, and the function reads them in it.
 */
export class ActiveHoursCarryTheirZone1796128141871 implements MigrationInterface {
  name = 'ActiveHoursCarryTheirZone1796128141871';

  public async up(q: QueryRunner): Promise<void> {
    // STABLE, not IMMUTABLE: time zone rules change with tzdata updates.
    await q.query(`
      CREATE FUNCTION consent_within_active_hours(at timestamptz, hours jsonb) RETURNS boolean
      LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE
          WHEN (hours->>'from')::time = (hours->>'to')::time THEN true
          WHEN (hours->>'from')::time < (hours->>'to')::time
            THEN local_at >= (hours->>'from')::time AND local_at < (hours->>'to')::time
          ELSE local_at >= (hours->>'from')::time OR local_at < (hours->>'to')::time
        END
        FROM (SELECT (at AT TIME ZONE COALESCE(hours->>'timeZone', 'Asia/Ho_Chi_Minh'))::time AS local_at) AS local
      $$`);
    await q.query(`DROP FUNCTION search_within_active_hours(timestamptz, text, text)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_within_active_hours(at timestamptz, from_hm text, to_hm text) RETURNS boolean
      LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE
          WHEN from_hm::time = to_hm::time THEN true
          WHEN from_hm::time < to_hm::time
            THEN (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::time >= from_hm::time AND (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::time < to_hm::time
          ELSE (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::time >= from_hm::time OR (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::time < to_hm::time
        END
      $$`);
    await q.query(`DROP FUNCTION consent_within_active_hours(timestamptz, jsonb)`);
  }
}
