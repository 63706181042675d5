import type { GeoJsonPolygon } from '@wardwatch/cameras';
import { problem, type ProblemCode } from '@wardwatch/problems';
import type { CameraSearch, CameraSearchParams, PlaceCriterion, SearchCursor } from './search.types';

/** Bounds that keep a search targeted; the window's maximum comes from configuration. */
export const SEARCH_BOUNDS = {
  maxRadiusM: 2000,
  defaultLimit: 20,
  maxLimit: 50,
  minStreetChars: 3,
  maxStreetChars: 160,
  /** Corners of a drawn polygon (the closing position, equal to the first, not counted). */
  maxPolygonVertices: 200,
  /** A polygon may cover at most the largest circle's area, so that both kinds stay as targeted. */
  maxAreaM2: Math.PI * 2000 * 2000,
  /** Cameras this close to the searched area (but not looking into it) are listed after those that do. */
  nearAreaM: 50,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The main number of a Vietnamese house number: "12", "12A", "12/3", "Số 12B" -> 12 ("12/3" is house
 * 3 of the alley beside number 12, so it sits at 12 on the street). Null when there is no number.
 * Mirrors the database's search_house_main().
 */
export function houseNumberMain(value: string): number | null {
  const match = /(\d{1,9})/.exec(value);
  return match ? Number(match[1]) : null;
}

/** NFC, trimmed, single spaces: what the database then folds (diacritics, case) with search_normalise(). */
export function cleanStreetQuery(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

function bad(code: ProblemCode, message: string, extensions?: Record<string, unknown>): never {
  throw problem(code, message, extensions);
}

/**
 * Turns the officer's parameters into one place criterion and a bounded window, or says exactly
 * what is wrong. Place: `street` (optionally with houseFrom/houseTo and a wardId to narrow it), or
 * `lat`+`lon`+`radiusM`, or `wardId` alone.
 */
export function parseCameraSearch(params: CameraSearchParams, maxWindowHours: number): CameraSearch {
  const hasStreet = params.street !== undefined;
  const radiusParts = [params.lat, params.lon, params.radiusM].filter((v) => v !== undefined).length;
  const hasHouse = params.houseFrom !== undefined || params.houseTo !== undefined;
  const hasPolygon = params.polygon !== undefined;
  if (hasPolygon && (hasStreet || radiusParts > 0 || params.wardId !== undefined))
    bad('search.invalid_place', 'search one place at a time: a polygon alone, without street, point or ward');
  if (radiusParts > 0 && radiusParts < 3) bad('search.invalid_place', 'a radius search needs lat, lon and radiusM together');
  const hasRadius = radiusParts === 3;
  if (hasStreet && hasRadius) bad('search.invalid_place', 'search one place at a time: a street or a point and radius, not both');
  if (hasRadius && params.wardId !== undefined)
    bad('search.invalid_place', 'search one place at a time: a ward or a point and radius, not both');
  if (hasHouse && !hasStreet) bad('search.invalid_place', 'houseFrom and houseTo need a street');

  let place: PlaceCriterion;
  if (hasStreet) {
    const street = cleanStreetQuery(params.street!);
    if (street.replace(/[\s\p{P}]/gu, '').length < SEARCH_BOUNDS.minStreetChars)
      bad('search.invalid_street', `street must have at least ${SEARCH_BOUNDS.minStreetChars} letters or digits`);
    if (street.length > SEARCH_BOUNDS.maxStreetChars)
      bad('search.invalid_street', `street must be at most ${SEARCH_BOUNDS.maxStreetChars} characters`);
    const houseFrom = params.houseFrom === undefined ? null : houseNumberMain(params.houseFrom);
    const houseTo = params.houseTo === undefined ? null : houseNumberMain(params.houseTo);
    if (params.houseFrom !== undefined && houseFrom === null)
      bad('search.invalid_house_number', 'houseFrom must contain a house number, e.g. 12, 12A or 12/3');
    if (params.houseTo !== undefined && houseTo === null)
      bad('search.invalid_house_number', 'houseTo must contain a house number, e.g. 40, 40B or 40/7');
    if (houseFrom !== null && houseTo !== null && houseFrom > houseTo)
      bad('search.invalid_house_number', 'houseFrom must not be greater than houseTo');
    place = { kind: 'street', street, houseFrom, houseTo, wardId: params.wardId ?? null };
  } else if (hasRadius) {
    const [latitude, longitude, radiusM] = [params.lat!, params.lon!, params.radiusM!];
    if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90)
      bad('search.invalid_radius', 'lat must be a latitude between -90 and 90');
    if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180)
      bad('search.invalid_radius', 'lon must be a longitude between -180 and 180');
    if (!Number.isFinite(radiusM) || radiusM < 1 || radiusM > SEARCH_BOUNDS.maxRadiusM)
      bad('search.invalid_radius', `radiusM must be between 1 and ${SEARCH_BOUNDS.maxRadiusM} metres`);
    place = { kind: 'radius', latitude, longitude, radiusM };
  } else if (hasPolygon) {
    place = { kind: 'polygon', polygon: parsePolygon(params.polygon) };
  } else if (params.wardId !== undefined) {
    place = { kind: 'ward', wardId: params.wardId };
  } else {
    bad('search.invalid_place', 'say where to search: street (with optional houseFrom/houseTo), lat+lon+radiusM, or wardId');
  }
  if ('wardId' in place && place.wardId !== null && !UUID.test(place.wardId))
    bad('search.invalid_place', 'wardId must be a ward id (GET /wards lists them)');

  const { from, to } = params;
  if (!(from instanceof Date) || Number.isNaN(from.getTime()))
    bad('search.invalid_window', 'from is required: the start of the time window (ISO 8601)');
  if (!(to instanceof Date) || Number.isNaN(to.getTime()))
    bad('search.invalid_window', 'to is required: the end of the time window (ISO 8601)');
  if (to.getTime() <= from.getTime()) bad('search.invalid_window', 'to must be after from');
  if (to.getTime() - from.getTime() > maxWindowHours * 3_600_000) {
    bad('search.window_too_long', `the time window may be at most ${maxWindowHours} hours; narrow from/to (searches stay targeted)`);
  }

  const limit = params.limit ?? SEARCH_BOUNDS.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_BOUNDS.maxLimit) {
    // The API's PageQuery refuses this first; kept for callers inside the process.
    const detail = `limit must be a whole number between 1 and ${SEARCH_BOUNDS.maxLimit}`;
    bad('validation.failed', `The request is not valid: ${detail}.`, { errors: [{ field: 'limit', detail }] });
  }
  return { place, from, to, after: params.after ?? null, limit };
}

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((v) => typeof v === 'number' && Number.isFinite(v));

/**
 * A drawn area as GeoJSON: a Polygon of one closed outer ring of [longitude, latitude] positions, at
 * most SEARCH_BOUNDS.maxPolygonVertices corners. Only its shape is checked here; whether the ring
 * crosses itself and how large it is are PostGIS's to say (SearchService asks before searching).
 */
export function parsePolygon(value: unknown): GeoJsonPolygon {
  const v = value as { type?: unknown; coordinates?: unknown } | null;
  if (typeof v !== 'object' || v === null || v.type !== 'Polygon' || !Array.isArray(v.coordinates))
    bad('search.invalid_area', 'polygon must be a GeoJSON Polygon: { "type": "Polygon", "coordinates": [[[lon, lat], ...]] }');
  const rings = v.coordinates as unknown[];
  if (rings.length !== 1)
    bad('search.invalid_area', `polygon must have exactly one ring (the outline, no holes); it has ${rings.length}`, {
      rings: rings.length,
    });
  const ring = rings[0];
  if (!Array.isArray(ring) || !ring.every(isPosition))
    bad('search.invalid_area', 'polygon.coordinates[0] must be a list of [longitude, latitude] positions (numbers)');
  const positions = ring;
  const bent = positions.findIndex(([lon, lat]) => lon < -180 || lon > 180 || lat < -90 || lat > 90);
  if (bent >= 0)
    bad(
      'search.invalid_area',
      `position ${bent} is not [longitude, latitude]: longitude must be -180..180 and latitude -90..90 (GeoJSON puts longitude first)`,
      {
        position: bent,
      },
    );
  const [first, last] = [positions[0], positions.at(-1)];
  if (positions.length < 4)
    bad(
      'search.invalid_area',
      `polygon needs at least 3 corners and the first position repeated at the end; it has ${positions.length} positions`,
    );
  if (first[0] !== last![0] || first[1] !== last![1])
    bad('search.invalid_area', 'polygon must be closed: repeat the first position as the last one');
  const vertices = positions.length - 1;
  if (vertices > SEARCH_BOUNDS.maxPolygonVertices)
    bad(
      'search.invalid_area',
      `polygon may have at most ${SEARCH_BOUNDS.maxPolygonVertices} corners; it has ${vertices}: simplify the outline`,
      {
        vertices,
        maxVertices: SEARCH_BOUNDS.maxPolygonVertices,
      },
    );
  return { type: 'Polygon', coordinates: [positions.map(([lon, lat]) => [lon, lat] as [number, number])] };
}

const PLACE_KINDS = ['street', 'circle', 'polygon', 'ward'] as const;

/**
 * The place of a search sent as a body (POST /search/cameras): `{ kind, ... }` to the same
 * parameters the query form takes, so that both go through parseCameraSearch's rules. A circle is the
 * query form's point and radius.
 */
export function placeParamsFromBody(
  place: unknown,
): Pick<CameraSearchParams, 'street' | 'houseFrom' | 'houseTo' | 'wardId' | 'lat' | 'lon' | 'radiusM' | 'polygon'> {
  const p = place as Record<string, unknown> | null;
  if (typeof p !== 'object' || p === null || !PLACE_KINDS.includes(p.kind as never))
    bad('search.invalid_place', `place.kind must be one of ${PLACE_KINDS.join(', ')}`);
  const allowed: Record<(typeof PLACE_KINDS)[number], string[]> = {
    street: ['street', 'houseFrom', 'houseTo', 'wardId'],
    circle: ['latitude', 'longitude', 'radiusM'],
    polygon: ['polygon'],
    ward: ['wardId'],
  };
  const kind = p.kind as (typeof PLACE_KINDS)[number];
  const extra = Object.keys(p).filter((k) => k !== 'kind' && !allowed[kind].includes(k));
  if (extra.length) bad('search.invalid_place', `place of kind ${kind} takes ${allowed[kind].join(', ')}; not ${extra.join(', ')}`);
  const text = (name: string, required: boolean): string | undefined => {
    const value = p[name];
    if (value === undefined || value === null) {
      if (required) bad('search.invalid_place', `place.${name} is required for a ${kind} search`);
      return undefined;
    }
    if (typeof value === 'number' && (name === 'houseFrom' || name === 'houseTo')) return String(value);
    if (typeof value !== 'string') bad('search.invalid_place', `place.${name} must be a string`);
    return value;
  };
  const number = (name: string): number => {
    const value = p[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) bad('search.invalid_radius', `place.${name} must be a number`);
    return value;
  };
  switch (kind) {
    case 'street':
      return {
        street: text('street', true),
        houseFrom: text('houseFrom', false),
        houseTo: text('houseTo', false),
        wardId: text('wardId', false),
      };
    case 'circle':
      return { lat: number('latitude'), lon: number('longitude'), radiusM: number('radiusM') };
    case 'polygon':
      if (p.polygon === undefined) bad('search.invalid_area', 'place.polygon is required: a GeoJSON Polygon');
      return { polygon: p.polygon };
    case 'ward':
      return { wardId: text('wardId', true) };
  }
}

/** A cursor's fields as they come back from a client (strings), checked. */
export function parseSearchCursor(value: Record<string, string>): SearchCursor {
  const k1 = Number(value.k1);
  const k2 = Number(value.k2);
  if (value.k1 === '' || value.k2 === '' || !Number.isFinite(k1) || !Number.isFinite(k2) || !UUID.test(value.id ?? '')) {
    bad('validation.bad_cursor', 'The cursor is not one this API issued; start again without a cursor.');
  }
  return { k1, k2, id: value.id };
}
