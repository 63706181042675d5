import type { components } from '@wardwatch/api-client';
import type { SearchPlace } from '../search/place';
import { api } from './client';
import { call } from './problems';

export type { SearchPlace };

/** POST /search/cameras (searchCamerasByBody): a place of one of four kinds, a window, the investigation. */
export type SearchRequest = Omit<components['schemas']['CameraSearchBodyDto'], 'limit' | 'place'> & { place: SearchPlace; limit?: number };
/** A camera in a result: its events, gaps, health, consent, address, and for area searches its cone and coverage. */
export type CameraHit = components['schemas']['CameraHitResponse'];
export type SearchEvent = CameraHit['events'][number];
export type SearchGap = CameraHit['gaps'][number];
/** One page of cameras (cone-covering cameras first), with what no consenting camera covers for area searches. */
export type CameraSearchPage = components['schemas']['CameraSearchPage'];
export type GeoMultiPolygon = components['schemas']['SearchUncoveredArea'];
/** GET /wards/{id}/cameras: the map's searchable cameras in full, the others by position only. */
export type WardCameraLayer = components['schemas']['WardCameraLayerResponse'];
export type WardCamera = components['schemas']['LayerCamera'];

/** Cameras per page: the API's default (SEARCH_BOUNDS.defaultLimit). */
const PAGE = 20;

export const searchApi = {
  /** One search, one page of cameras, in the API's order (cameras whose view covers the area first). */
  cameras: (request: SearchRequest) => call(api.POST('/search/cameras', { body: { limit: PAGE, ...request } })),
  /** The ward's cameras for the map: searchable ones with health, cone and open gap; the others as bare dots. */
  wardCameras: (wardId: string) => call(api.GET('/wards/{id}/cameras', { params: { path: { id: wardId } } })),
  /** The officer's open investigations (a supervisor: all open ones), for the search form's picker. */
  openInvestigations: () => call(api.GET('/investigations', { params: { query: { status: 'open', limit: 100 } } })),
};
