import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type CameraWithConsent = components['schemas']['CameraWithConsentResponse'];
export type Consent = components['schemas']['ConsentResponse'];
export type ConsentTerms = components['schemas']['ConsentTermsDto'];
export type ConsentPurpose = ConsentTerms['purposes'][number];
export type SharingMode = ConsentTerms['sharingMode'];
export type NoticeLanguage = ConsentTerms['noticeLanguage'];

const path = (id: string) => ({ params: { path: { id } } });

export const consentApi = {
  /** The camera with its current consent version (null while it waits for the first consent). */
  camera: (id: string) => call(api.GET('/cameras/{id}', path(id))),
  notice: (language: NoticeLanguage) => call(api.GET('/consent-notice', { params: { query: { language } } })),
  /** Every version, oldest first (one page: a handful in a camera's life). */
  history: (id: string) => call(api.GET('/cameras/{id}/consents', path(id))),
  /** The first consent, or a change: a new version either way. */
  give: (id: string, terms: ConsentTerms) => call(api.PUT('/cameras/{id}/consent', { ...path(id), body: terms })),
  pause: (id: string) => call(api.POST('/cameras/{id}/consent/pause', path(id))),
  resume: (id: string) => call(api.POST('/cameras/{id}/consent/resume', path(id))),
  withdraw: (id: string) => call(api.POST('/cameras/{id}/consent/withdraw', path(id))),
};
