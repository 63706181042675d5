import { problem, type ProblemCode } from '@wardwatch/problems';
import type { CameraSearch, CameraSearchParams, PlaceCriterion, SearchCursor } from './search.types';

/** Bounds that keep a search targeted; the window's maximum comes from configuration. */
export const SEARCH_BOUNDS = {
  maxRadiusM: 2000,
  defaultLimit: 20,
  maxLimit: 50,
  minStreetChars: 3,
  maxStreetChars: 160,
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

/** A cursor's fields as they come back from a client (strings), checked. */
export function parseSearchCursor(value: Record<string, string>): SearchCursor {
  const k1 = Number(value.k1);
  const k2 = Number(value.k2);
  if (value.k1 === '' || value.k2 === '' || !Number.isFinite(k1) || !Number.isFinite(k2) || !UUID.test(value.id ?? '')) {
    bad('validation.bad_cursor', 'The cursor is not one this API issued; start again without a cursor.');
  }
  return { k1, k2, id: value.id };
}
