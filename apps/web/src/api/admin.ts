import type { components, operations } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type StaffUser = components['schemas']['UserResponse'];
export type NewStaff = components['schemas']['CreateStaffDto'];
export type UserChange = components['schemas']['UpdateUserDto'];
export type UserFilter = NonNullable<operations['listUsers']['parameters']['query']>;
export type StreetImportResult = components['schemas']['StreetImportResponse'];
export type ImportedWard = components['schemas']['WardResponse'];
export type CameraNetworkList = components['schemas']['CameraNetworkPage'];
export type CameraNetwork = CameraNetworkList['items'][number];
export type RosterPage = components['schemas']['CameraRosterPage'];
export type RosterCamera = RosterPage['items'][number];
export type RosterFilter = NonNullable<operations['getWardCameraRoster']['parameters']['query']>;

/** A GeoJSON FeatureCollection as read from a file (features are checked by the API, not here). */
export interface FeatureCollectionFile {
  type: 'FeatureCollection';
  features: Record<string, unknown>[];
}

/** The administrators' calls: accounts, places, camera networks and the ward's camera roster. */
export const adminApi = {
  users: (query: UserFilter) => call(api.GET('/users', { params: { query } })),
  createStaff: (body: NewStaff) => call(api.POST('/users', { body })),
  updateUser: (id: string, body: UserChange) => call(api.PATCH('/users/{id}', { params: { path: { id } }, body })),
  confirmUser: (id: string) => call(api.POST('/users/{id}/confirm', { params: { path: { id } } })),

  importWards: (file: FeatureCollectionFile) => call(api.POST('/wards/import', { body: file as components['schemas']['WardImportDto'] })),
  importStreets: (wardId: string, file: FeatureCollectionFile) =>
    call(
      api.POST('/wards/{id}/streets/import', { params: { path: { id: wardId } }, body: file as components['schemas']['StreetImportDto'] }),
    ),

  networks: () => call(api.GET('/camera-networks')),
  addNetwork: (cidr: string, label: string) => call(api.POST('/camera-networks', { body: { cidr, label } })),
  removeNetwork: (id: string, force: boolean) =>
    call(api.DELETE('/camera-networks/{id}', { params: { path: { id }, query: force ? { force: true } : {} } })),

  roster: (wardId: string, query: RosterFilter) => call(api.GET('/wards/{id}/camera-roster', { params: { path: { id: wardId }, query } })),
};
