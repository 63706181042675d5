import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

/** The per-request limits of footage requests (issue 13): beyond them, a written justification. */
export interface FootageRequestLimits {
  maxAreaKm2: number;
  maxWindowHours: number;
  justificationMinChars: number;
}

/**
 * GET /settings: public, needed before anyone signs in.
 * TODO(issue 13): `footageRequestLimits` is being added to PublicSettingsResponse; drop the
 * intersection once the generated type has it.
 */
export type PublicSettings = components['schemas']['PublicSettingsResponse'] & { footageRequestLimits?: FootageRequestLimits };

export const settingsApi = {
  get: () => call(api.GET('/settings')) as Promise<PublicSettings>,
};
