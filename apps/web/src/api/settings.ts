import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

/** GET /settings: public, needed before anyone signs in (ward, time zone, map, footage request limits). */
export type PublicSettings = components['schemas']['PublicSettingsResponse'];
/** What one footage request may cover without a written justification. */
export type FootageRequestLimits = PublicSettings['footageRequestLimits'];

export const settingsApi = {
  get: () => call(api.GET('/settings')),
};
