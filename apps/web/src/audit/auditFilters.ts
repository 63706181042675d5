/**
 * The console's filters as the page's URL carries them (so other pages can link here:
 * `/audit?clipId=…`), pure and unit-tested. Times are the ward's wall clock as a `datetime-local`
 * input gives them ("2026-12-01T21:30"): the API reads an instant without an offset in the ward's
 * time zone, so they go to it unchanged.
 */
export const FILTER_KEYS = [
  'actorId',
  'action',
  'cameraId',
  'clipId',
  'investigationId',
  'streetId',
  'returnedCameraId',
  'from',
  'to',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** The filters of GET /audit/entries and of its CSV export (api/audit.ts checks they are the API's). */
export type AuditFilters = Partial<Record<FilterKey, string>>;

/** The action families a supervisor picks from (the API matches `domain.` as a prefix). */
export const ACTION_FAMILIES = [
  'search.',
  'link.',
  'clip.',
  'evidence.',
  'footage.',
  'footage_request.',
  'hold.',
  'investigation.',
  'camera.',
  'camera_map.',
  'consent.',
  'account.',
  'auth.',
  'access.',
  'audit.',
  'ward.',
  'street.',
  'camera_network.',
] as const;

/** The three questions a supervisor asks most, each one filter. */
export type Question = 'clip' | 'returnedCamera' | 'street';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value.trim());

/** The filters in a URL query, unknown keys and empty values dropped. */
export function filtersFromQuery(query: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** The filters as a URL query (in FILTER_KEYS order, empty values left out). */
export function queryFromFilters(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) query.set(key, value);
  }
  return query;
}

/** Which question the filters answer, when they are exactly one question's filter (with a period at most). */
export function questionOf(filters: AuditFilters): Question | null {
  const set = FILTER_KEYS.filter((k) => filters[k] && k !== 'from' && k !== 'to');
  if (set.length !== 1) return null;
  if (set[0] === 'clipId') return 'clip';
  if (set[0] === 'returnedCameraId') return 'returnedCamera';
  if (set[0] === 'streetId') return 'street';
  return null;
}

/** `search.performed` → `search.`; an action family stays as it is. */
export const familyOf = (action: string) => (action.endsWith('.') ? action : `${action.slice(0, action.indexOf('.') + 1)}`);

/** A short form of a long id for a table cell (the full id is in its title). */
export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
