import type { components, operations } from '@wardwatch/api-client';
import type { AuditFilters } from '../audit/auditFilters';
import { api } from './client';
import { call } from './problems';

export type AuditEntry = components['schemas']['AuditEntryResponse'];
export type AuditFlag = components['schemas']['AuditFlagResponse'];
export type AuditFlags = components['schemas']['AuditFlagsResponse'];
export type VerificationRun = components['schemas']['VerificationRunResponse'];
export type { AuditFilters };
/** The console's filters are exactly the API's (a filter the API does not have fails to compile here). */
type ApiFilters = Omit<NonNullable<operations['listAuditEntries']['parameters']['query']>, 'cursor' | 'limit'>;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export const AUDIT_FILTERS_MATCH_API: SameKeys<ApiFilters, AuditFilters> = true;

/** Entries per page of the console's table. */
const PAGE = 50;

/** The filters without empty values, in a stable order (the CSV link and the page URL). */
function filterQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string' && value !== '') query.set(key, value);
  return query;
}

export const auditApi = {
  /** Entries matching the filters, newest first; `next` pages on. Reading the log is itself audited. */
  entries: (filters: AuditFilters, cursor?: string) =>
    call(api.GET('/audit/entries', { params: { query: { ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) } } })),
  /** Flags of a period, each with its explanation, rule and entries. */
  flags: (from: string, to: string) => call(api.GET('/audit/flags', { params: { query: { from, to } } })),
  /** Starts a background walk of the whole chain (or answers the one running). */
  startVerification: () => call(api.POST('/audit/verifications')),
  verification: (id: string) => call(api.GET('/audit/verifications/{id}', { params: { path: { id } } })),
  /** Where the browser downloads the CSV of the filtered entries (same origin: the session cookie goes with it). */
  csvUrl: (filters: AuditFilters) => {
    const query = filterQuery(filters).toString();
    return `/api/v1/audit/entries.csv${query ? `?${query}` : ''}`;
  },
};
