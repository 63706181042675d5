import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A camera's view cone in PostGIS, so that an area search can ask which cameras look into the area
 * (and how much of it) with an index: `camera_view_cone(lat, lon, azimuth, angle, range)` builds the
 * same polygon as libs/cameras/src/view-cone.ts (apex, then the arc at `range` metres from
 * azimuth + angle/2 down to azimuth - angle/2 in at most 10-degree steps, great-circle destinations on
 * a sphere of the mean Earth radius). IMMUTABLE (it depends on its arguments only); STRICT, so a
 * camera without a direction (the three columns are null together) has no cone.
 *
 * The cone is stored in `cameras.view_cone` (GiST-indexed), written only by a trigger from the
 * position and the direction, as `location` is: building it costs about 0.2 ms, too much to do for
 * every candidate of every search (an expression index alone would still rebuild it per row read).
 */
export class CameraViewCones1796138559246 implements MigrationInterface {
  name = 'CameraViewCones1796138559246';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION camera_view_cone(lat double precision, lon double precision, azimuth double precision, angle double precision, range_m double precision)
      RETURNS geography LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ST_SetSRID(ST_MakePolygon(ST_MakeLine(
                 ARRAY[ST_MakePoint(lon, lat)]
                 || array_agg(ST_MakePoint(p.lon2 - 360 * floor((p.lon2 + 180) / 360), p.lat2) ORDER BY p.i)
                 || ARRAY[ST_MakePoint(lon, lat)])), 4326)::geography
        FROM (
          SELECT a.i,
                 degrees(asin(sin(radians(lat)) * cos(a.d) + cos(radians(lat)) * sin(a.d) * cos(a.b))) AS lat2,
                 degrees(radians(lon) + atan2(sin(a.b) * sin(a.d) * cos(radians(lat)),
                   cos(a.d) - sin(radians(lat)) * (sin(radians(lat)) * cos(a.d) + cos(radians(lat)) * sin(a.d) * cos(a.b)))) AS lon2
          FROM (
            SELECT i, range_m / 6371008.8 AS d, radians(azimuth + angle / 2 - i * angle / s.steps) AS b
            FROM (SELECT greatest(2, ceil(angle / 10))::int AS steps) s, generate_series(0, s.steps) i
          ) a
        ) p
      $$`);
    await q.query(`ALTER TABLE "cameras" ADD "view_cone" geography(Polygon,4326)`);
    await q.query(`
      CREATE FUNCTION cameras_set_view_cone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.view_cone := camera_view_cone(NEW.latitude, NEW.longitude, NEW.view_azimuth_deg, NEW.view_angle_deg, NEW.view_range_m);
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER cameras_view_cone
      BEFORE INSERT OR UPDATE OF "latitude", "longitude", "view_azimuth_deg", "view_angle_deg", "view_range_m", "view_cone" ON "cameras"
      FOR EACH ROW EXECUTE FUNCTION cameras_set_view_cone()`);
    await q.query(`UPDATE "cameras" SET "view_cone" = NULL WHERE "view_azimuth_deg" IS NOT NULL`);
    await q.query(`CREATE INDEX "idx_cameras_view_cone" ON "cameras" USING GiST ("view_cone")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_cameras_view_cone"`);
    await q.query(`DROP TRIGGER cameras_view_cone ON "cameras"`);
    await q.query(`DROP FUNCTION cameras_set_view_cone()`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "view_cone"`);
    await q.query(
      `DROP FUNCTION camera_view_cone(double precision, double precision, double precision, double precision, double precision)`,
    );
  }
}
