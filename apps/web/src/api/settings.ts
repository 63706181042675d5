import { request } from './http';

/** GET /settings: public, needed before anyone signs in. */
export interface PublicSettings {
  wardName: string;
  timeZone: string;
}

export const settingsApi = {
  get: () => request<PublicSettings>('GET', '/settings'),
};
