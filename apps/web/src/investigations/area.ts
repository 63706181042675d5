/**
 * The size of a request's area and window, measured in the browser as the officer edits the form,
 * so the limits (GET /settings footageRequestLimits) are shown against the request itself before
 * it is sent. The API measures again and decides; this is the same measure, for the form.
 */

/** The authalic radius of WGS 84: a sphere with the ellipsoid's surface area (metres). */
export const EARTH_RADIUS_M = 6_371_007.2;

const rad = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * The area of a ring of [longitude, latitude] positions on the sphere, in m² (always positive,
 * whichever way the ring turns; closed or not). Chamberlain & Duquette, "Some algorithms for
 * polygons on a sphere" (JPL, 2007), as OpenLayers and Leaflet.draw measure: exact for a band
 * between parallels and meridians; for an area of streets (edges of a few hundred metres) it agrees
 * with PostGIS's ellipsoidal ST_Area to within about 0.5 %.
 */
export function ringAreaM2(ring: readonly (readonly [number, number])[]): number {
  const points = ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  const n = points.length;
  if (n < 3) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [lon1] = points[(i + n - 1) % n];
    const [, lat] = points[i];
    const [lon2] = points[(i + 1) % n];
    sum += (rad(lon2) - rad(lon1)) * Math.sin(rad(lat));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** A GeoJSON polygon's area in m²: the outer ring less its holes. */
export function polygonAreaM2(coordinates: readonly (readonly (readonly [number, number])[])[]): number {
  const [outer, ...holes] = coordinates;
  if (!outer) return 0;
  return Math.max(0, ringAreaM2(outer) - holes.reduce((sum, hole) => sum + ringAreaM2(hole), 0));
}

/** A circle's area on the sphere (a spherical cap of that surface radius), in m²; π r² for small r. */
export function circleAreaM2(radiusM: number): number {
  if (!(radiusM > 0)) return 0;
  return 2 * Math.PI * EARTH_RADIUS_M * EARTH_RADIUS_M * (1 - Math.cos(radiusM / EARTH_RADIUS_M));
}

export const m2ToKm2 = (m2: number) => m2 / 1_000_000;

/** A window's length in hours; NaN when either end is not a date, negative when it runs backwards. */
export function windowHours(from: string | Date, to: string | Date): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 3_600_000;
}

/** Whether a measured value goes over its limit (a limit of 0 or less means no limit). */
export const exceeds = (value: number | null, max: number | undefined) => value !== null && max !== undefined && max > 0 && value > max;

/**
 * Points of a circle as a polygon ring ([longitude, latitude], closed), to draw it on the map
 * (the API takes the circle itself as `area`).
 */
export function circleRing(latitude: number, longitude: number, radiusM: number, steps = 48): [number, number][] {
  const ring: [number, number][] = [];
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.cos(rad(latitude));
  for (let i = 0; i <= steps; i++) {
    const a = (2 * Math.PI * (i % steps)) / steps;
    ring.push([longitude + dLon * Math.cos(a), latitude + dLat * Math.sin(a)]);
  }
  return ring;
}

/** The outer ring of a request's area (Polygon or MultiPolygon, [longitude, latitude]), to draw it. */
export function outerRing(area: unknown): [number, number][] | null {
  const geometry = area as { type?: string; coordinates?: unknown } | null;
  if (geometry?.type === 'Polygon') return (geometry.coordinates as [number, number][][])[0] ?? null;
  if (geometry?.type === 'MultiPolygon') return (geometry.coordinates as [number, number][][][])[0]?.[0] ?? null;
  return null;
}
