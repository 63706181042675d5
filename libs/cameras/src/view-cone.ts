/**
 * A camera's view cone as a GeoJSON polygon, so the map can draw it and a search can ask which
 * cameras' cones cover a place (`ST_Intersects(ST_GeomFromGeoJSON(cone), area)`). Pure: computed on
 * a sphere (metres to degrees), which at 200 m is within centimetres of the ellipsoid.
 */

/** Direction of view as stored with a camera. */
export interface ViewDirection {
  /** Degrees clockwise from north, 0-359. */
  azimuthDeg: number;
  /** Field-of-view angle, 10-180 degrees. */
  fieldOfViewDeg: number;
  /** Range in metres, 5-200. */
  rangeM: number;
}

export const VIEW_LIMITS = {
  azimuthDeg: { min: 0, max: 359 },
  fieldOfViewDeg: { min: 10, max: 180 },
  rangeM: { min: 5, max: 200 },
} as const;

export interface GeoJsonPolygon {
  type: 'Polygon';
  /** One ring of [longitude, latitude] positions, closed (first = last), counter-clockwise (RFC 7946). */
  coordinates: [number, number][][];
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
/** At most this many degrees of arc between two points of the cone's edge. */
const ARC_STEP_DEG = 10;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;
/** About 1 cm: more digits only make the document longer. */
const round = (v: number) => Math.round(v * 1e7) / 1e7;

/** The point `distanceM` from (lat, lon) along `bearingDeg` (great circle). */
export function destination(latitude: number, longitude: number, bearingDeg: number, distanceM: number): [number, number] {
  const d = distanceM / EARTH_RADIUS_M;
  const lat1 = rad(latitude);
  const lon1 = rad(longitude);
  const b = rad(bearingDeg);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [deg(lat2), ((deg(lon2) + 540) % 360) - 180];
}

/**
 * The cone: the camera's position, then the arc at `rangeM` from the right edge of the view to the
 * left one (counter-clockwise, as RFC 7946 asks of an exterior ring), then the position again.
 */
export function viewCone(position: { latitude: number; longitude: number }, view: ViewDirection): GeoJsonPolygon {
  const half = view.fieldOfViewDeg / 2;
  const steps = Math.max(2, Math.ceil(view.fieldOfViewDeg / ARC_STEP_DEG));
  const apex: [number, number] = [round(position.longitude), round(position.latitude)];
  const ring: [number, number][] = [apex];
  for (let i = 0; i <= steps; i++) {
    // From azimuth + half down to azimuth - half: bearings turn clockwise, so this walks the arc anticlockwise.
    const bearing = view.azimuthDeg + half - (i * view.fieldOfViewDeg) / steps;
    const [lat, lon] = destination(position.latitude, position.longitude, bearing, view.rangeM);
    ring.push([round(lon), round(lat)]);
  }
  ring.push(apex);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The stored columns as a direction, or null when the camera has none (all three are set together). */
export function viewDirectionOf(c: {
  viewAzimuthDeg: number | null;
  viewAngleDeg: number | null;
  viewRangeM: number | null;
}): ViewDirection | null {
  if (c.viewAzimuthDeg === null || c.viewAngleDeg === null || c.viewRangeM === null) return null;
  return { azimuthDeg: c.viewAzimuthDeg, fieldOfViewDeg: c.viewAngleDeg, rangeM: c.viewRangeM };
}
