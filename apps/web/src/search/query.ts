/**
 * A search as a URL, and back: the console's address carries the whole search (place, window, the
 * moment it is cued to, the investigation), so a search can be shared, reloaded, and the back button
 * returns to the previous one. Also the link that files a footage request from a result
 * (`/investigations/:id/requests/new?…`, the request form's contract). Pure, unit-tested.
 */
import type { GeoPolygon, SearchPlace } from './place';

export interface SearchState {
  place: SearchPlace;
  /** Instants (ms). */
  from: number;
  to: number;
  /** The moment the timeline is cued to. */
  at: number;
  investigationId: string | null;
  /** The officer confirmed searching without an investigation (flagged to supervisors). */
  unlinked: boolean;
  /** What was typed in the search box, to show it again. */
  text?: string;
}

const num = (value: string | null): number | null => {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const instant = (value: string | null): number | null => {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
};

function isPolygon(value: unknown): value is GeoPolygon {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as { type?: unknown; coordinates?: unknown };
  return (
    p.type === 'Polygon' &&
    Array.isArray(p.coordinates) &&
    p.coordinates.length > 0 &&
    p.coordinates.every(
      (ring) =>
        Array.isArray(ring) &&
        ring.length >= 4 &&
        ring.every((pos) => Array.isArray(pos) && pos.length >= 2 && pos.every((n) => typeof n === 'number' && Number.isFinite(n))),
    )
  );
}

/** The place's own parameters, as the request form also reads them. */
function placeParams(place: SearchPlace, out: URLSearchParams): void {
  out.set('kind', place.kind);
  switch (place.kind) {
    case 'street':
      out.set('street', place.street);
      if (place.houseFrom) out.set('houseFrom', place.houseFrom);
      if (place.houseTo) out.set('houseTo', place.houseTo);
      if (place.wardId) out.set('wardId', place.wardId);
      break;
    case 'circle':
      out.set('lat', String(place.latitude));
      out.set('lon', String(place.longitude));
      out.set('radiusM', String(place.radiusM));
      break;
    case 'polygon':
      out.set('polygon', JSON.stringify(place.polygon));
      break;
    case 'ward':
      out.set('wardId', place.wardId);
      break;
  }
}

export function toSearchParams(state: SearchState): URLSearchParams {
  const out = new URLSearchParams();
  if (state.text) out.set('q', state.text);
  placeParams(state.place, out);
  out.set('from', new Date(state.from).toISOString());
  out.set('to', new Date(state.to).toISOString());
  out.set('at', new Date(state.at).toISOString());
  if (state.investigationId) out.set('inv', state.investigationId);
  else if (state.unlinked) out.set('unlinked', '1');
  return out;
}

function placeFrom(params: URLSearchParams): SearchPlace | null {
  switch (params.get('kind') ?? '') {
    case 'street': {
      const street = params.get('street')?.trim();
      if (!street) return null;
      const place: SearchPlace = { kind: 'street', street };
      const [houseFrom, houseTo, wardId] = [params.get('houseFrom'), params.get('houseTo'), params.get('wardId')];
      if (houseFrom) place.houseFrom = houseFrom;
      if (houseTo) place.houseTo = houseTo;
      if (wardId) place.wardId = wardId;
      return place;
    }
    case 'circle': {
      const [latitude, longitude, radiusM] = [num(params.get('lat')), num(params.get('lon')), num(params.get('radiusM'))];
      return latitude === null || longitude === null || radiusM === null ? null : { kind: 'circle', latitude, longitude, radiusM };
    }
    case 'polygon': {
      try {
        const polygon: unknown = JSON.parse(params.get('polygon') ?? '');
        return isPolygon(polygon) ? { kind: 'polygon', polygon } : null;
      } catch {
        return null;
      }
    }
    case 'ward': {
      const wardId = params.get('wardId');
      return wardId ? { kind: 'ward', wardId } : null;
    }
    default:
      return null;
  }
}

/** The search in a URL, or null when it holds none (or a broken one: the page shows the empty form). */
export function fromSearchParams(params: URLSearchParams): SearchState | null {
  const place = placeFrom(params);
  const [from, to] = [instant(params.get('from')), instant(params.get('to'))];
  if (!place || from === null || to === null || to <= from) return null;
  const at = instant(params.get('at'));
  return {
    place,
    from,
    to,
    at: at !== null && at >= from && at <= to ? at : from,
    investigationId: params.get('inv'),
    unlinked: params.get('unlinked') === '1',
    text: params.get('q') ?? undefined,
  };
}

/**
 * The request form for this search: `kind`, `from`, `to` (ISO) and the place: the result's cameras
 * for a street (`cameraIds=a,b,c`), `lat&lon&radiusM` for a circle, `polygon` (JSON) for a polygon,
 * `wardId` for a ward. A window that runs past `now` (a search for a few minutes ago, ± the
 * default half window) ends at `now` instead: footage exists only for time that has passed, and the
 * API refuses a request whose end is in the future.
 */
export function footageRequestLink(
  investigationId: string,
  state: Pick<SearchState, 'place' | 'from' | 'to'>,
  cameraIds: string[],
  now: number = Date.now(),
): string {
  const { place } = state;
  const to = state.to > now && state.from < now ? now : state.to;
  const parts: [string, string][] = [
    ['kind', place.kind],
    ['from', new Date(state.from).toISOString()],
    ['to', new Date(to).toISOString()],
  ];
  switch (place.kind) {
    case 'street':
      parts.push(['cameraIds', cameraIds.join(',')]);
      break;
    case 'circle':
      parts.push(['lat', String(place.latitude)], ['lon', String(place.longitude)], ['radiusM', String(place.radiusM)]);
      break;
    case 'polygon':
      parts.push(['polygon', JSON.stringify(place.polygon)]);
      break;
    case 'ward':
      parts.push(['wardId', place.wardId]);
      break;
  }
  // Each value as encodeURIComponent writes it (ids are UUIDs: the commas between them stay commas).
  const query = parts.map(([k, v]) => `${k}=${k === 'cameraIds' ? v.split(',').map(encodeURIComponent).join(',') : encodeURIComponent(v)}`);
  return `/investigations/${encodeURIComponent(investigationId)}/requests/new?${query.join('&')}`;
}
