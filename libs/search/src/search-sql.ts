import { SEARCH_BOUNDS } from './search-criteria';
import type { AreaCriterion, CameraSearch } from './search.types';

/** Trigram similarity (0-1, on diacritics- and case-folded names) a camera's street needs to match. */
export const STREET_SIMILARITY = 0.5;
/** At most this many events per camera in one result (the rest: narrow the window). */
export const EVENTS_PER_CAMERA = 100;
/** At most this many gaps per camera in one result. */
export const GAPS_PER_CAMERA = 50;
/**
 * Events that started this long before the window and were still going on in it are shown too.
 * Motion episodes are closed well within it (the ingest's maximum episode length).
 */
export const EVENT_LOOKBACK = '1 hour';

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** A camera's view cone (geography, null without a direction; GiST-indexed, kept by a trigger). `c` is the cameras table. */
export const CAMERA_VIEW_CONE = `c.view_cone`;

/** Sides of the polygon a searched circle is drawn as (PostGIS buffer, 16 per quarter). */
export const CIRCLE_SEGMENTS_PER_QUARTER = 16;

type Param = (value: unknown, cast: string) => string;

/**
 * An area criterion as SQL expressions over bound parameters: the area (geography), its centre, and
 * the test that a camera stands within SEARCH_BOUNDS.nearAreaM of it (index-friendly ST_DWithin).
 */
function areaSql(place: AreaCriterion, param: Param): { area: string; centre: string; near: string; toArea: string } {
  if (place.kind === 'radius') {
    // PostGIS takes (longitude, latitude).
    const centre = `ST_SetSRID(ST_MakePoint(${param(place.longitude, 'float8')}, ${param(place.latitude, 'float8')}), 4326)::geography`;
    const r = param(place.radiusM, 'float8');
    return {
      area: `ST_Buffer(${centre}, ${r}, 'quad_segs=${CIRCLE_SEGMENTS_PER_QUARTER}')`,
      centre,
      near: `ST_DWithin(c.location, ${centre}, ${r} + ${SEARCH_BOUNDS.nearAreaM})`,
      toArea: `greatest(0, ST_Distance(c.location, ${centre}) - ${r})`,
    };
  }
  const area = `ST_SetSRID(ST_GeomFromGeoJSON(${param(JSON.stringify(place.polygon), 'text')}), 4326)::geography`;
  return {
    area,
    centre: `ST_Centroid(${area})`,
    near: `ST_DWithin(c.location, ${area}, ${SEARCH_BOUNDS.nearAreaM})`,
    toArea: `ST_Distance(c.location, ${area})`,
  };
}

/** The consent in force (latest version) allows police search: `c` is the cameras table. */
const CONSENTING = `EXISTS (
    SELECT 1 FROM (SELECT state, purposes FROM camera_consents WHERE camera_id = c.id ORDER BY version DESC LIMIT 1) cc
    WHERE cc.state = 'given' AND 'police_search' = ANY (cc.purposes))`;

/**
 * What the consenting cameras' view cones leave unseen of a searched area: over every camera whose
 * current consent allows police search and whose cone reaches into the area (not only a page of
 * them). The cones are cut to the area, unioned and taken away from it in lon/lat (at a few
 * kilometres straight lines and great circles differ by millimetres); areas are measured on the
 * spheroid. Slivers under 1 m² (rounding where cones meet) are dropped.
 */
export function buildAreaCoverageSql(place: AreaCriterion): SqlStatement {
  const values: unknown[] = [];
  const param: Param = (value, cast) => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };
  const { area } = areaSql(place, param);
  const text = `
WITH a AS MATERIALIZED (SELECT ${area} AS g),
seen AS (
  SELECT ST_UnaryUnion(ST_Collect(ST_CollectionExtract(ST_Intersection(${CAMERA_VIEW_CONE}::geometry, a.g::geometry), 3))) AS g
  FROM cameras c, a
  WHERE ST_Intersects(${CAMERA_VIEW_CONE}, ${area}) AND ${CONSENTING}
),
rest AS (
  SELECT CASE WHEN s.g IS NULL THEN a.g::geometry ELSE ST_CollectionExtract(ST_Difference(a.g::geometry, s.g), 3) END AS g FROM a, seen s
),
parts AS (
  SELECT d.geom FROM rest, ST_Dump(rest.g) d WHERE ST_Area(d.geom::geography) >= 1
)
SELECT ST_AsGeoJSON(a.g, 7)::json AS area, ST_Area(a.g) AS area_m2,
       (SELECT ST_AsGeoJSON(ST_Multi(ST_Collect(geom)), 7)::json FROM parts) AS uncovered,
       coalesce((SELECT sum(ST_Area(geom::geography)) FROM parts), 0) AS uncovered_m2
FROM a`;
  return { text, values };
}

/** Whether a drawn polygon is valid (and why not) and its area in m², as PostGIS sees it. */
export function buildAreaCheckSql(polygon: object): SqlStatement {
  return {
    text: `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_Area(g::geography) AS area_m2
           FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) s`,
    values: [JSON.stringify(polygon)],
  };
}

/**
 * The whole search as one statement (one round trip): the page of cameras in keyset order with their
 * consent in force, and for each its events (with hasClip) and gaps in the window as JSON.
 *
 * Rules enforced here, in SQL, so that no caller can skip them:
 * - only cameras whose current consent version is `given` and includes `police_search` appear;
 * - events outside the consent's active hours (by start, in the zone the hours were given in) are not shown;
 * - nothing that leads to footage (object keys, thumbnails, stream or ONVIF addresses) is selected.
 */
export function buildCameraSearchSql(search: CameraSearch): SqlStatement {
  const values: unknown[] = [];
  const param: Param = (value, cast) => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };

  const columns = `c.id, c.label, c.ward_id, c.street, c.house_number, c.alley, c.residential_group, c.latitude, c.longitude, c.health,
         c.view_azimuth_deg, c.view_angle_deg, c.view_range_m`;
  /** The columns only area searches fill. */
  const noArea = `NULL::float8 AS distance_to_area_m, false AS view_covers, NULL::float8 AS covered_fraction`;
  const { place } = search;
  let cand: string;
  switch (place.kind) {
    case 'street': {
      const q = `search_normalise(${param(place.street, 'text')})`;
      const ward = place.wardId ? param(place.wardId, 'uuid') : null;
      const narrow: string[] = [];
      if (ward) narrow.push(`c.ward_id = ${ward}`);
      if (place.houseFrom !== null) narrow.push(`search_house_main(c.house_number) >= ${param(place.houseFrom, 'int')}`);
      if (place.houseTo !== null) narrow.push(`search_house_main(c.house_number) <= ${param(place.houseTo, 'int')}`);
      const and = narrow.map((n) => `\n      AND ${n}`).join('');
      const house = `coalesce(search_house_main(c.house_number), 2147483647)::float8`;
      // A name that exists exactly (after folding) means that street only: "Hoàng Văn Thái" must not
      // also bring "Hoàng Văn Thụ". Only when there is none (a typo) are close names matched, by
      // trigram similarity, closest first. The second branch is gated by a one-time check, so an
      // exact name never pays for the fuzzy scan.
      const exactExists = `EXISTS (SELECT 1 FROM cameras x WHERE x.street_search = ${q}${ward ? ` AND x.ward_id = ${ward}` : ''})`;
      // `%` (pg_trgm's threshold, 0.3) lets the trigram index find candidates; the similarity bound decides.
      cand = `
  SELECT ${columns}, -1::float8 AS k1, ${house} AS k2, NULL::float8 AS distance_m, 1::float8 AS street_similarity, ${noArea}
  FROM cameras c
  WHERE c.street_search = ${q}${and}
  UNION ALL
  SELECT ${columns}, -similarity(c.street_search, ${q})::float8, ${house}, NULL::float8, similarity(c.street_search, ${q})::float8,
         NULL::float8, false, NULL::float8
  FROM cameras c
  WHERE NOT ${exactExists}
    AND c.street_search % ${q} AND similarity(c.street_search, ${q}) >= ${STREET_SIMILARITY}${and}`;
      break;
    }
    case 'radius':
    case 'polygon': {
      // Cameras whose view cone reaches into the area (by the cone's GiST index), and cameras standing
      // in or near it (by the location's). Those that look into it first, the more of it they see the
      // earlier; then the others, nearest the area first; ties by the distance from the centre.
      const a = areaSql(place, param);
      cand = `
  SELECT ${columns},
         CASE WHEN v.covers THEN -1 - v.fraction ELSE v.to_area END AS k1, v.to_centre AS k2, v.to_centre AS distance_m,
         NULL::float8 AS street_similarity, v.to_area AS distance_to_area_m, v.covers AS view_covers, v.fraction AS covered_fraction
  FROM cameras c
  CROSS JOIN LATERAL (SELECT coalesce(ST_Intersects(${CAMERA_VIEW_CONE}, ${a.area}), false) AS covers OFFSET 0) i
  -- OFFSET 0 keeps each lateral a subquery, so its geometry is computed once per camera (flattened,
  -- the sort key and the output would each compute it again). The cone is cut to the area in lon/lat
  -- (GEOS alone; at a few hundred metres the difference from great-circle edges is millimetres) and
  -- measured on the spheroid.
  CROSS JOIN LATERAL (
    SELECT i.covers,
           CASE WHEN ${CAMERA_VIEW_CONE} IS NULL THEN NULL
                WHEN i.covers THEN least(1, ST_Area(ST_Intersection(${CAMERA_VIEW_CONE}::geometry, (${a.area})::geometry)::geography) / nullif(ST_Area(${a.area}), 0))
                ELSE 0 END::float8 AS fraction,
           ${a.toArea}::float8 AS to_area, ST_Distance(c.location, ${a.centre})::float8 AS to_centre
    OFFSET 0
  ) v
  WHERE (${a.near} OR ST_Intersects(${CAMERA_VIEW_CONE}, ${a.area}))`;
      break;
    }
    case 'ward':
      cand = `
  SELECT ${columns}, 0::float8 AS k1, 0::float8 AS k2, NULL::float8 AS distance_m, NULL::float8 AS street_similarity, ${noArea}
  FROM cameras c
  WHERE c.ward_id = ${param(place.wardId, 'uuid')}`;
      break;
  }

  const after = search.after
    ? `AND (cand.k1, cand.k2, cand.id) > (${param(search.after.k1, 'float8')}, ${param(search.after.k2, 'float8')}, ${param(search.after.id, 'uuid')})`
    : '';
  const from = param(search.from, 'timestamptz');
  const to = param(search.to, 'timestamptz');
  const limit = param(search.limit + 1, 'int');

  const text = `
WITH cand AS (${cand}
), page AS (
  SELECT cand.*, cc.version AS consent_version, cc.purposes, cc.sharing_mode, cc.active_hours
  FROM cand
  CROSS JOIN LATERAL (
    SELECT version, state, purposes, sharing_mode, active_hours FROM camera_consents
    WHERE camera_id = cand.id ORDER BY version DESC LIMIT 1
  ) cc
  WHERE cc.state = 'given' AND 'police_search' = ANY (cc.purposes) ${after}
  ORDER BY cand.k1, cand.k2, cand.id
  LIMIT ${limit}
)
SELECT p.id, p.label, p.ward_id, w.code AS ward_code, w.name AS ward_name, p.street, p.house_number, p.alley, p.residential_group,
       p.latitude, p.longitude, p.health, p.k1, p.k2, p.distance_m, p.street_similarity,
       p.view_azimuth_deg, p.view_angle_deg, p.view_range_m, p.distance_to_area_m, p.view_covers, p.covered_fraction,
       p.consent_version, p.purposes, p.sharing_mode, p.active_hours, ev.events, gp.gaps
FROM page p
JOIN wards w ON w.id = p.ward_id
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object(
           'id', e.id, 'kind', e.kind, 'topic', e.topic, 'startedAt', e.started_at, 'endedAt', e.ended_at,
           'hasClip', EXISTS (SELECT 1 FROM clips cl WHERE cl.camera_id = p.id AND cl.status = 'stored' AND cl.requested_from <= e.started_at AND cl.requested_to >= e.started_at))
         ORDER BY e.started_at, e.id), '[]'::json) AS events
  FROM (
    SELECT e.id, e.kind, e.topic, e.started_at, e.ended_at
    FROM motion_events e
    WHERE e.camera_id = p.id
      AND e.started_at >= ${from} - interval '${EVENT_LOOKBACK}' AND e.started_at < ${to}
      AND (e.started_at >= ${from} OR e.ended_at IS NULL OR e.ended_at > ${from})
      AND (p.active_hours IS NULL OR consent_within_active_hours(e.started_at, p.active_hours))
    ORDER BY e.started_at, e.id
    LIMIT ${EVENTS_PER_CAMERA + 1}
  ) e
) ev
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object('reason', g.reason, 'startedAt', g.started_at, 'endedAt', g.ended_at)
         ORDER BY g.started_at), '[]'::json) AS gaps
  FROM (
    SELECT g.reason, g.started_at, g.ended_at FROM camera_gaps g
    WHERE g.camera_id = p.id AND g.started_at < ${to} AND (g.ended_at IS NULL OR g.ended_at > ${from})
    ORDER BY g.started_at LIMIT ${GAPS_PER_CAMERA}
  ) g
) gp
ORDER BY p.k1, p.k2, p.id`;
  return { text, values };
}

/**
 * A ward's enrolled cameras for the officers' map, one row each. Searchable (consent in force is
 * `given` with police search, lifecycle active): its label, address, health, direction of view, the
 * gap still open and when its last event (inside the consent's active hours) started. Every other
 * camera still enrolled (pending or paused, or whose consent is paused or excludes police search):
 * its position only, as anyone in the street sees the camera on the wall; nothing else is selected,
 * so nothing else can leak. Withdrawn and removed cameras are not listed. Positions of the others
 * come in position order, so that not even their order follows their ids.
 */
export function buildWardCameraLayerSql(wardId: string): SqlStatement {
  const text = `
WITH listed AS (
  SELECT c.id, c.latitude, c.longitude,
         (c.lifecycle = 'active' AND cc.state = 'given' AND 'police_search' = ANY (cc.purposes)) AS searchable, cc.active_hours
  FROM cameras c
  LEFT JOIN LATERAL (
    SELECT state, purposes, active_hours FROM camera_consents WHERE camera_id = c.id ORDER BY version DESC LIMIT 1
  ) cc ON true
  WHERE c.ward_id = $1::uuid AND c.removed_at IS NULL AND c.lifecycle <> 'withdrawn' AND cc.state IS DISTINCT FROM 'withdrawn'
)
SELECT true AS searchable, c.id, c.label, c.street, c.house_number, c.latitude, c.longitude, c.health,
       c.view_azimuth_deg, c.view_angle_deg, c.view_range_m, g.reason AS gap_reason, g.started_at AS gap_started_at, e.started_at AS last_event_at
FROM listed l
JOIN cameras c ON c.id = l.id
LEFT JOIN LATERAL (
  SELECT reason, started_at FROM camera_gaps WHERE camera_id = c.id AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1
) g ON true
LEFT JOIN LATERAL (
  SELECT started_at FROM motion_events
  WHERE camera_id = c.id AND started_at <= now() AND (l.active_hours IS NULL OR consent_within_active_hours(started_at, l.active_hours))
  ORDER BY started_at DESC LIMIT 1
) e ON true
WHERE l.searchable
UNION ALL
SELECT false, NULL, NULL, NULL, NULL, l.latitude, l.longitude, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM listed l
WHERE NOT coalesce(l.searchable, false)
ORDER BY 1 DESC, 6, 7`;
  return { text, values: [wardId] };
}
