import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type OwnerRequest = components['schemas']['OwnerRequestResponse'];
export type OwnerRequestState = OwnerRequest['state'];

export const requestsApi = {
  /** Requests for footage of my cameras that a supervisor let through (one row per request and camera). */
  inbox: (state?: OwnerRequestState, cursor?: string) =>
    call(api.GET('/owner/footage-requests', { params: { query: { ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) } } })),
  decide: (requestId: string, cameraId: string, decision: 'approve' | 'decline') =>
    call(
      api.POST('/owner/footage-requests/{id}/cameras/{cameraId}/decision', {
        params: { path: { id: requestId, cameraId } },
        body: { decision },
      }),
    ),
};
