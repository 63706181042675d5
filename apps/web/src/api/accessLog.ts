import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type AccessLogEntry = components['schemas']['AccessLogEntryResponse'];

export const accessLogApi = {
  /** Who did what with the camera's footage, newest first; `next` pages on. */
  page: (id: string, cursor?: string) =>
    call(api.GET('/cameras/{id}/access-log', { params: { path: { id }, query: cursor ? { cursor } : {} } })),
};
