/**
 * A place drawn by an officer as a GeoJSON polygon (RFC 7946: [longitude, latitude] positions), and
 * the rules it must follow before it reaches PostGIS: one closed ring, no holes, at most
 * MAX_POLYGON_VERTICES corners, every position on Earth, not crossing itself, enclosing some area.
 * Pure, so the API's validation, the footage request form and the search can share it; PostGIS
 * measures the area that counts (`ST_Area` on geography), `polygonAreaM2` is for previews and tests.
 */

/** The most corners (distinct positions of the ring) one polygon may have. */
export const MAX_POLYGON_VERTICES = 200;

export interface GeoJsonPolygonInput {
  type: 'Polygon';
  /** One ring of [longitude, latitude] positions, closed (first = last). */
  coordinates: [number, number][][];
}

export type PolygonCheck = { ok: true; polygon: GeoJsonPolygonInput } | { ok: false; errors: string[] };

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];

/** Which side of a->b the point c is on: > 0 left, < 0 right, 0 on the line. */
const orient = (a: [number, number], b: [number, number], c: [number, number]) =>
  (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const onSegment = (a: [number, number], b: [number, number], c: [number, number]) =>
  Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);

/** Whether segments p1-p2 and q1-q2 touch or cross (collinear overlaps included). */
export function segmentsIntersect(p1: [number, number], p2: [number, number], q1: [number, number], q2: [number, number]): boolean {
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(q1, q2, p1)) ||
    (d2 === 0 && onSegment(q1, q2, p2)) ||
    (d3 === 0 && onSegment(p1, p2, q1)) ||
    (d4 === 0 && onSegment(p1, p2, q2))
  );
}

/**
 * Checks a value that should be a GeoJSON Polygon and returns it with 2-D positions (an altitude,
 * which RFC 7946 allows, is dropped), or every rule it breaks, each as a sentence for the officer.
 */
export function checkPolygon(value: unknown, maxVertices = MAX_POLYGON_VERTICES): PolygonCheck {
  const fail = (...errors: string[]): PolygonCheck => ({ ok: false, errors });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('must be a GeoJSON Polygon object');
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon') return fail('type must be "Polygon"');
  if (!Array.isArray(coordinates) || coordinates.length === 0) return fail('coordinates must hold one ring of positions');
  if (coordinates.length > 1) return fail('must have exactly one ring: holes are not supported; draw the area without them');
  const raw: unknown = coordinates[0];
  if (!Array.isArray(raw)) return fail('the ring must be an array of [longitude, latitude] positions');
  const ring: [number, number][] = [];
  const errors: string[] = [];
  raw.forEach((p: unknown, i) => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every(isFiniteNumber)) {
      errors.push(`position ${i} must be [longitude, latitude] in numbers`);
      return;
    }
    const [lon, lat] = p;
    if (lon < -180 || lon > 180) errors.push(`position ${i}: longitude ${lon} is outside -180..180 (GeoJSON puts longitude first)`);
    if (lat < -90 || lat > 90) errors.push(`position ${i}: latitude ${lat} is outside -90..90 (GeoJSON puts longitude first)`);
    ring.push([lon, lat]);
  });
  if (errors.length > 0) return fail(...errors);
  if (ring.length < 4) return fail('the ring needs at least 4 positions (3 corners and the first one again to close it)');
  if (!same(ring[0], ring[ring.length - 1])) return fail('the ring must be closed: its last position must equal its first');
  // Corners: the ring without its closing position and without a position repeated straight after itself.
  const corners = ring.slice(0, -1).filter((p, i, all) => i === 0 || !same(p, all[i - 1]));
  if (corners.length > maxVertices) return fail(`the polygon has ${corners.length} corners; at most ${maxVertices} are allowed`);
  if (corners.length < 3) return fail('the polygon needs at least 3 distinct corners');
  const n = corners.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a corner; that is not a crossing.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsIntersect(corners[i], corners[(i + 1) % n], corners[j], corners[(j + 1) % n])) {
        return fail(`the polygon crosses or touches itself (edges ${i} and ${j}); draw it without crossing lines`);
      }
    }
  }
  if (polygonAreaM2({ type: 'Polygon', coordinates: [[...corners, corners[0]]] }) < 1) return fail('the polygon encloses no area');
  return { ok: true, polygon: { type: 'Polygon', coordinates: [[...corners, corners[0]]] } };
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * The area of a one-ring polygon on a sphere, in m² (Chamberlain & Duquette, "Some algorithms for
 * polygons on a sphere", 2007); within a fraction of a percent of PostGIS's ellipsoidal `ST_Area`
 * for ward-sized shapes. Either winding gives the same (positive) area.
 */
export function polygonAreaM2(polygon: GeoJsonPolygonInput): number {
  const ring = polygon.coordinates[0];
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i];
    const [lon2, lat2] = ring[i + 1];
    sum += rad(lon2 - lon1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}
