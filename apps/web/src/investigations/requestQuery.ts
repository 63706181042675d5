import { zoneOffsetMs } from '../footage/timeline';

/** A GeoJSON polygon (the same shape as api/investigations' GeoPolygon; pure here, so Node's tests need no API client). */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/**
 * What the search page sends to the request form in the query string (issue 13):
 *   kind=street|circle|polygon|ward, from, to (ISO instants), and one selection:
 *   cameraIds=a,b,c | lat&lon&radiusM | polygon=<encodeURIComponent(JSON GeoJSON Polygon)> | wardId.
 * Parsed here into the one selection the API takes; anything unreadable is dropped, not guessed.
 */
export type Selection =
  | { kind: 'street'; cameraIds: string[] }
  | { kind: 'circle'; latitude: number; longitude: number; radiusMetres: number }
  | { kind: 'polygon'; polygon: GeoPolygon }
  | { kind: 'ward'; wardId: string };

export interface RequestPrefill {
  selection: Selection | null;
  from: string | null;
  to: string | null;
}

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

export function parsePolygon(text: string | null): GeoPolygon | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as { type?: unknown; coordinates?: unknown };
    if (value.type !== 'Polygon' || !Array.isArray(value.coordinates) || value.coordinates.length === 0) return null;
    const rings = value.coordinates as unknown[];
    if (!rings.every((ring) => Array.isArray(ring) && ring.length >= 4 && ring.every(isPosition))) return null;
    return { type: 'Polygon', coordinates: (rings as [number, number][][]).map((ring) => ring.map(([lon, lat]) => [lon, lat])) };
  } catch {
    return null;
  }
}

const instant = (value: string | null) => (value && Number.isFinite(Date.parse(value)) ? new Date(value).toISOString() : null);

export function parsePrefill(query: URLSearchParams): RequestPrefill {
  const from = instant(query.get('from'));
  const to = instant(query.get('to'));
  const cameraIds = (query.get('cameraIds') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const lat = Number(query.get('lat'));
  const lon = Number(query.get('lon'));
  const radius = Number(query.get('radiusM'));
  const polygon = parsePolygon(query.get('polygon'));
  const wardId = query.get('wardId');
  const kind = query.get('kind');

  let selection: Selection | null = null;
  const circle = query.has('lat') && query.has('lon') && query.has('radiusM') && [lat, lon, radius].every(Number.isFinite) && radius > 0;
  if ((kind === 'polygon' || !kind) && polygon) selection = { kind: 'polygon', polygon };
  else if ((kind === 'circle' || !kind) && circle) selection = { kind: 'circle', latitude: lat, longitude: lon, radiusMetres: radius };
  else if ((kind === 'ward' || !kind) && wardId) selection = { kind: 'ward', wardId };
  // A street search gives its cameras (the cameras that see the street); so may any other kind.
  else if (cameraIds.length > 0) selection = { kind: 'street', cameraIds };
  return { selection, from, to };
}

/** An instant as the ward's wall-clock time, for a datetime-local input (seconds kept: "to" may be "now"). */
export function toWardLocal(iso: string, timeZone: string): string {
  const at = Date.parse(iso);
  const wall = new Date(at + zoneOffsetMs(at, timeZone));
  return wall.toISOString().slice(0, 19);
}

/** The instant a ward wall-clock time (YYYY-MM-DDTHH:mm[:ss]) stands for; NaN when it is not one. */
export function fromWardLocal(local: string, timeZone: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return NaN;
  const asUtc = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  // Twice: the offset at the guess, then at the corrected instant (right across a DST change).
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  return asUtc - zoneOffsetMs(first, timeZone);
}
