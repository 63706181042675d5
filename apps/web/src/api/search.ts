import type { components } from '@wardwatch/api-client';
import type { GeoMultiPolygon, GeoPolygon, SearchPlace } from '../search/place';
import { api } from './client';
import { ApiError, call } from './problems';

export type { GeoMultiPolygon, GeoPolygon, SearchPlace };

export interface SearchRequest {
  place: SearchPlace;
  /** ISO instants. */
  from: string;
  to: string;
  investigationId?: string;
  cursor?: string;
  limit?: number;
}

type GeneratedHit = components['schemas']['CameraHitResponse'];
type GeneratedPage = components['schemas']['CameraSearchPage'];

// TODO(console-web): once POST /search/cameras (searchCamerasByBody) is in the generated client, take
// these from components['schemas'] and drop the local additions below.
/** A camera in a result: today's hit plus the area search's cone and coverage (absent from the GET answer). */
export type CameraHit = GeneratedHit & {
  viewCone?: GeoPolygon | null;
  coverage?: { viewCovers: boolean; coveredFraction: number | null };
};
export type SearchEvent = CameraHit['events'][number];
export type SearchGap = CameraHit['gaps'][number];

export type CameraSearchPage = Omit<GeneratedPage, 'items'> & {
  items: CameraHit[];
  area?: GeoPolygon | GeoMultiPolygon | null;
  /** The parts of the area no consenting camera's view covers (area searches). */
  uncovered?: GeoMultiPolygon | null;
  uncoveredFraction?: number | null;
};

// TODO(console-web): GET /wards/{id}/cameras (getWardCameraLayer): from the generated client once it lands.
export interface WardCamera {
  id: string;
  label: string;
  street: string;
  houseNumber: string;
  location: { latitude: number; longitude: number };
  health: string;
  viewCone: GeoPolygon | null;
  openGap: { reason: string; startedAt: string } | null;
  lastEventAt: string | null;
  searchable: true;
}
export interface WardCameraLayer {
  wardId: string;
  cameras: WardCamera[];
  /** Cameras whose consent does not allow police search: a location, nothing else. */
  notSearchable: { location: { latitude: number; longitude: number } }[];
}

export type InvestigationSummary = components['schemas']['InvestigationListItemResponse'];

/** The generated client, for the routes it does not know yet (see the TODOs above). */
const untyped = api as unknown as {
  GET(path: string, init?: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST(path: string, init: { body: unknown }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

/** Today's GET /search/cameras for the kinds it takes (street, point and radius, ward). */
function searchByQuery(request: SearchRequest): Promise<CameraSearchPage> {
  const { place, from, to, investigationId, cursor, limit } = request;
  const where =
    place.kind === 'street'
      ? { street: place.street, houseFrom: place.houseFrom, houseTo: place.houseTo, wardId: place.wardId }
      : place.kind === 'circle'
        ? { lat: place.latitude, lon: place.longitude, radiusM: place.radiusM }
        : place.kind === 'ward'
          ? { wardId: place.wardId }
          : null;
  if (!where) throw new ApiError(404, { detail: 'polygon search needs POST /search/cameras' });
  return call(
    api.GET('/search/cameras', {
      params: { query: { ...where, from: from, to: to, investigationId, cursor, limit } },
    }),
  );
}

export const searchApi = {
  /**
   * One search, one page of cameras (cone-covering cameras first, as the API orders them). POST
   * /search/cameras takes every kind; while an API without it answers 404, the kinds the GET takes
   * still work through it.
   */
  async cameras(request: SearchRequest): Promise<CameraSearchPage> {
    try {
      return (await call(untyped.POST('/search/cameras', { body: request }))) as CameraSearchPage;
    } catch (error) {
      // TODO(console-web): drop this fallback once POST /search/cameras is on main (the router's 404 names no route).
      if (error instanceof ApiError && error.code === 'http.not_found' && request.place.kind !== 'polygon') return searchByQuery(request);
      throw error;
    }
  },
  /** The ward's cameras for the map: searchable ones with health, cone and open gap; the others as bare dots. */
  wardCameras: (wardId: string) => call(untyped.GET(`/wards/${encodeURIComponent(wardId)}/cameras`)) as Promise<WardCameraLayer>,
  /** The officer's open investigations (a supervisor: all open ones), for the search form's picker. */
  openInvestigations: () => call(api.GET('/investigations', { params: { query: { status: 'open', limit: 100 } } })),
};
