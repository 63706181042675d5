import type { CameraSearch } from './search.types';

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
  const param = (value: unknown, cast: string) => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };

  const columns = `c.id, c.label, c.ward_id, c.street, c.house_number, c.alley, c.residential_group, c.latitude, c.longitude, c.health`;
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
  SELECT ${columns}, -1::float8 AS k1, ${house} AS k2, NULL::float8 AS distance_m, 1::float8 AS street_similarity
  FROM cameras c
  WHERE c.street_search = ${q}${and}
  UNION ALL
  SELECT ${columns}, -similarity(c.street_search, ${q})::float8, ${house}, NULL::float8, similarity(c.street_search, ${q})::float8
  FROM cameras c
  WHERE NOT ${exactExists}
    AND c.street_search % ${q} AND similarity(c.street_search, ${q}) >= ${STREET_SIMILARITY}${and}`;
      break;
    }
    case 'radius': {
      // PostGIS takes (longitude, latitude).
      const point = `ST_SetSRID(ST_MakePoint(${param(place.longitude, 'float8')}, ${param(place.latitude, 'float8')}), 4326)::geography`;
      cand = `
  SELECT ${columns}, ST_Distance(c.location, ${point}) AS k1, 0::float8 AS k2, ST_Distance(c.location, ${point}) AS distance_m,
         NULL::float8 AS street_similarity
  FROM cameras c
  WHERE ST_DWithin(c.location, ${point}, ${param(place.radiusM, 'float8')})`;
      break;
    }
    case 'ward':
      cand = `
  SELECT ${columns}, 0::float8 AS k1, 0::float8 AS k2, NULL::float8 AS distance_m, NULL::float8 AS street_similarity
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
