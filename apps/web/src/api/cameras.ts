import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type Camera = components['schemas']['CameraResponse'];

export const camerasApi = {
  /** The resident's own cameras (the API scopes the list to the caller); `next` is the following page's cursor. */
  mine: (cursor?: string) => call(api.GET('/cameras', { params: { query: cursor ? { cursor } : {} } })),
};
