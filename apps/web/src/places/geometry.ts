/**
 * Pure geometry for the ward map, in the browser: whether a pin lies in the ward (so the page can
 * say so before asking the API, which checks again), the direction of view as a cone, and the
 * diacritics-insensitive matching of street names. No DOM, no Leaflet: unit-tested under Node.
 */

/** [longitude, latitude], as GeoJSON writes positions. */
export type Position = [number, number];

/** Ray casting on one ring (the boundary's few hundred metres make the plane approximation exact enough). */
function inRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether (lat, lon) lies in the MultiPolygon: inside an outer ring and outside its holes. */
export function inMultiPolygon(polygons: readonly (readonly (readonly Position[])[])[], latitude: number, longitude: number): boolean {
  return polygons.some(([outer, ...holes]) => inRing(outer, longitude, latitude) && !holes.some((h) => inRing(h, longitude, latitude)));
}

export interface ViewDirection {
  azimuthDeg: number;
  fieldOfViewDeg: number;
  rangeM: number;
}

/** The API's limits for a direction of view (ViewDirectionDto). */
export const VIEW_LIMITS = {
  azimuthDeg: { min: 0, max: 359 },
  fieldOfViewDeg: { min: 10, max: 180 },
  rangeM: { min: 5, max: 200 },
} as const;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** The point `distanceM` from (lat, lon) along `bearingDeg`, as [latitude, longitude] (great circle). */
export function destination(latitude: number, longitude: number, bearingDeg: number, distanceM: number): [number, number] {
  const d = distanceM / EARTH_RADIUS_M;
  const lat1 = rad(latitude);
  const b = rad(bearingDeg);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = rad(longitude) + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [deg(lat2), ((deg(lon2) + 540) % 360) - 180];
}

/**
 * The cone as the API draws it (libs/cameras view-cone.ts, the same formula): the camera, the arc
 * at the range from the right edge of the view to the left, the camera again; [latitude, longitude]
 * pairs, as Leaflet takes them. Drawn live while the owner turns the controls, before anything is saved.
 */
export function viewCone(latitude: number, longitude: number, view: ViewDirection): [number, number][] {
  const half = view.fieldOfViewDeg / 2;
  const steps = Math.max(2, Math.ceil(view.fieldOfViewDeg / 10));
  const ring: [number, number][] = [[latitude, longitude]];
  for (let i = 0; i <= steps; i++)
    ring.push(destination(latitude, longitude, view.azimuthDeg + half - (i * view.fieldOfViewDeg) / steps, view.rangeM));
  ring.push([latitude, longitude]);
  return ring;
}

/** A GeoJSON polygon's ring ([longitude, latitude]) as Leaflet's [latitude, longitude]. */
export const toLatLngs = (ring: readonly Position[]): [number, number][] => ring.map(([lon, lat]) => [lat, lon]);

/**
 * A name folded for matching what a resident types: NFC first, then without diacritics or case;
 * đ/Đ become d ("hoang van thai" finds "Hoàng Văn Thái", "dien bien" finds "Điện Biên").
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every word typed appears in the name, diacritics and case ignored. */
export function matchesSearch(name: string, typed: string): boolean {
  const folded = foldForSearch(name);
  return foldForSearch(typed)
    .split(' ')
    .every((word) => folded.includes(word));
}

/** The eight compass points, for saying where a camera looks in words (0 north, 90 east). */
export const COMPASS_POINTS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
export type CompassPoint = (typeof COMPASS_POINTS)[number];
export const compassPoint = (azimuthDeg: number): CompassPoint => COMPASS_POINTS[Math.round((((azimuthDeg % 360) + 360) % 360) / 45) % 8];
