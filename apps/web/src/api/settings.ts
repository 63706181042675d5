import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

/** GET /settings: public, needed before anyone signs in. */
export type PublicSettings = components['schemas']['PublicSettingsResponse'];

export const settingsApi = {
  get: () => call(api.GET('/settings')),
};
