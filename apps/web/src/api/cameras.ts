import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { ApiError, call } from './problems';

export type Camera = components['schemas']['CameraResponse'];
export type Enrolment = components['schemas']['EnrolCameraDto'];
export type CameraChange = components['schemas']['UpdateCameraDto'];
export type CameraRemoval = components['schemas']['CameraRemovalResponse'];

/** What removing one camera would do, read from the API's preview before anything changes. */
export interface RemovalPreview {
  consentState: string | null;
  clipsDeleted: number;
  clipsKeptOnHold: number;
  pendingRequests: number;
}

export const camerasApi = {
  /** The resident's own cameras (the API scopes the list to the caller); `next` is the following page's cursor. */
  mine: (cursor?: string) => call(api.GET('/cameras', { params: { query: cursor ? { cursor } : {} } })),
  get: (id: string) => call(api.GET('/cameras/{id}', { params: { path: { id } } })),
  /** Probes the camera over ONVIF and enrols it; without `consent` it stays pending (nothing captured or shared). */
  enrol: (enrolment: Enrolment) => call(api.POST('/cameras', { body: enrolment })),
  update: (id: string, change: CameraChange) => call(api.PATCH('/cameras/{id}', { params: { path: { id } }, body: change })),
  remove: (id: string) => call(api.DELETE('/cameras/{id}', { params: { path: { id } } })),

  /**
   * A picture from the camera now, as a JPEG blob (the page shows it through an object URL, which
   * the CSP's img-src allows). A refusal is read as problem details like every other answer.
   */
  async snapshot(id: string): Promise<Blob> {
    const { data, error, response } = await api.GET('/cameras/{id}/snapshot', { params: { path: { id } }, parseAs: 'blob' });
    if (!response.ok || !(data instanceof Blob)) {
      throw new ApiError(response.status, typeof error === 'object' && error !== null ? error : {});
    }
    return data;
  },

  /**
   * What removing this camera would do to its footage and requests. The API's preview of deleting
   * the account lists it camera by camera, computed as DELETE /cameras/:id does (requests waiting
   * for the owner are declined, so their holds do not count): this page reads its camera's line.
   */
  async removalPreview(id: string): Promise<RemovalPreview | null> {
    const preview = await call(api.GET('/auth/me/deletion-preview'));
    const line = preview.cameras.find((c) => c.camera.id === id);
    return line
      ? {
          consentState: line.consentState,
          clipsDeleted: line.footage.clipsDeleted,
          clipsKeptOnHold: line.footage.clipsKeptOnHold,
          pendingRequests: line.pendingRequests,
        }
      : null;
  },
};
