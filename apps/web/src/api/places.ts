import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type Ward = components['schemas']['WardResponse'];
export type Street = components['schemas']['StreetResponse'];
/** GET /wards/:id/map: the boundary and the streets' lines as GeoJSON. */
export type WardMapData = components['schemas']['WardMapResponse'];

export const placesApi = {
  wards: () => call(api.GET('/wards')),
  /** Every street of the ward (a ward has tens to hundreds; the page filters them as the resident types). */
  streets: (wardId: string) => call(api.GET('/wards/{id}/streets', { params: { path: { id: wardId }, query: { limit: 2000 } } })),
  map: (wardId: string) => call(api.GET('/wards/{id}/map', { params: { path: { id: wardId } } })),
};
