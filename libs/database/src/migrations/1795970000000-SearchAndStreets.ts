import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the officers' search needs: a normalising function for Vietnamese names (diacritics and case
 * folded), each camera's street folded that way with trigram and B-tree indexes, each camera's
 * position as a geography point with a GiST index, and the streets of each ward as data (an admin
 * imports them).
 */
export class SearchAndStreets1795970000000 implements MigrationInterface {
  name = 'SearchAndStreets1795970000000';

  public async up(q: QueryRunner): Promise<void> {
    // unaccent() is only STABLE (its dictionary could change), so it cannot sit in an index. This
    // wrapper names the dictionary with its schema and is declared IMMUTABLE; if the unaccent rules
    // are ever edited, REINDEX the indexes below. Every name is schema-qualified so that the function
    // means the same under any search_path (pg_dump restores run with an empty one).
    await q.query(`
      CREATE FUNCTION search_normalise(value text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT pg_catalog.btrim(pg_catalog.regexp_replace(
          pg_catalog.lower(public.unaccent('public.unaccent'::regdictionary, value)), '\\s+', ' ', 'g'))
      $$`);
    // The main number of a Vietnamese house number: "12", "12A", "12/3" and "Số 12B" all sit at 12
    // on the street ("12/3" is house 3 of the alley beside number 12). Null when there is no number.
    await q.query(`
      CREATE FUNCTION search_house_main(value text) RETURNS integer
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT pg_catalog.substring(value, '(\\d{1,9})')::integer
      $$`);
    // Consent active hours are a daily window in the ward's local time, possibly across midnight.
    // STABLE, not IMMUTABLE: time zone rules change with tzdata updates.
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

    // Two derived columns on cameras, kept in step by a trigger (the registry writes only latitude,
    // longitude and street): the position as PostGIS wants it, and the street folded for search.
    // Stored rather than computed per query: a typo'd name is compared with thousands of candidates,
    // and folding each of them again (unaccent) cost more than the rest of the search.
    await q.query(`ALTER TABLE "cameras" ADD "location" geography(Point,4326)`);
    await q.query(`ALTER TABLE "cameras" ADD "street_search" character varying(160)`);
    await q.query(`
      CREATE FUNCTION cameras_set_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- ST_MakePoint takes (longitude, latitude).
        NEW.location := ST_SetSRID(ST_MakePoint(NEW.longitude, NEW.latitude), 4326)::geography;
        NEW.street_search := search_normalise(NEW.street);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cameras_search_fields_in_step
      BEFORE INSERT OR UPDATE OF "latitude", "longitude", "street", "location", "street_search" ON "cameras"
      FOR EACH ROW EXECUTE FUNCTION cameras_set_search_fields()`);
    await q.query(`UPDATE "cameras" SET "latitude" = "latitude"`);
    await q.query(`ALTER TABLE "cameras" ALTER COLUMN "location" SET NOT NULL`);
    await q.query(`ALTER TABLE "cameras" ALTER COLUMN "street_search" SET NOT NULL`);
    await q.query(`CREATE INDEX "idx_cameras_location" ON "cameras" USING GiST ("location")`);
    // Exact folded names (the common case) by B-tree; typo-tolerant matching by trigrams.
    await q.query(`CREATE INDEX "idx_cameras_street_exact" ON "cameras" ("street_search")`);
    await q.query(`CREATE INDEX "idx_cameras_street_search" ON "cameras" USING gin ("street_search" gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE "streets" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "ward_id" uuid NOT NULL,
        "name" character varying(160) NOT NULL,
        "geometry" geography(MultiLineString,4326),
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_streets" PRIMARY KEY ("id"),
        CONSTRAINT "fk_streets_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE CASCADE
      )`);
    // One row per spelling-insensitive name in a ward: "Hoàng Văn Thái" and "hoang van thai" are one street.
    await q.query(`CREATE UNIQUE INDEX "uq_streets_ward_name" ON "streets" ("ward_id", search_normalise("name"))`);
    await q.query(`CREATE INDEX "idx_streets_name_search" ON "streets" USING gin (search_normalise("name") gin_trgm_ops)`);
    await q.query(`CREATE INDEX "idx_streets_geometry" ON "streets" USING GiST ("geometry")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "streets"`);
    await q.query(`DROP INDEX "idx_cameras_street_search"`);
    await q.query(`DROP INDEX "idx_cameras_street_exact"`);
    await q.query(`DROP INDEX "idx_cameras_location"`);
    await q.query(`DROP TRIGGER cameras_search_fields_in_step ON "cameras"`);
    await q.query(`DROP FUNCTION cameras_set_search_fields()`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "street_search"`);
    await q.query(`ALTER TABLE "cameras" DROP COLUMN "location"`);
    await q.query(`DROP FUNCTION search_within_active_hours(timestamptz, text, text)`);
    await q.query(`DROP FUNCTION search_house_main(text)`);
    await q.query(`DROP FUNCTION search_normalise(text)`);
  }
}
