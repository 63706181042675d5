import type { HashedAuditContent } from './audit-hash';

/**
 * What an entry refers to beyond its own columns, for the supervisor's questions:
 * - `clip`: the clip is the entry's subject (stored, deleted, link issued / opened / revoked, integrity
 *   failed) or is named in its details (`clipId`, `clipIds`, an evidence export's `files[].clipId`);
 * - `returned_camera`: a camera a search (`search.*`) returned (`details.cameraIds`);
 * - `street`: the street a street search (`details.place.kind = 'street'`) named.
 */
export const AUDIT_REF_KINDS = ['clip', 'returned_camera', 'street'] as const;
export type AuditRefKind = (typeof AUDIT_REF_KINDS)[number];

/**
 * One reference. `ref` is stored as is, except that `fold` (a street name as typed) is folded by the
 * database's `search_normalise` (diacritics, case, spaces: the gazetteer's own uniqueness rule) and
 * appended to `ref`, so "Hoàng Văn Thái" and "hoang van thai" are the same street.
 */
export interface AuditRef {
  kind: AuditRefKind;
  ref: string;
  fold?: string;
}

/** Street references: `<ward id>:<folded name>`, or `*:<folded name>` for a search that named no ward. */
export const ANY_WARD = '*';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * The references of one entry, derived only from its hashed content (subject, action, details), so
 * the side table they go into adds nothing the chain does not prove: verification is unchanged, and
 * the table can be rebuilt from the chain at any time. Keep the migration that backfilled entries
 * written before the table (AuditEntryRefs1796150000000) in mind when adding a rule: entries older
 * than the rule are indexed only if a new migration backfills them too.
 */
export function auditEntryRefs(entry: Pick<HashedAuditContent, 'action' | 'subjectType' | 'subjectId' | 'details'>): AuditRef[] {
  const refs: AuditRef[] = [];
  const clips = new Set<string>();
  if (entry.subjectType === 'clip' && isText(entry.subjectId)) clips.add(entry.subjectId);
  const d = entry.details;
  if (isText(d.clipId)) clips.add(d.clipId);
  if (Array.isArray(d.clipIds)) for (const id of d.clipIds) if (isText(id)) clips.add(id);
  if (Array.isArray(d.files)) for (const f of d.files) if (isText(record(f)?.clipId)) clips.add(record(f)!.clipId as string);
  for (const id of clips) refs.push({ kind: 'clip', ref: id });

  if (entry.action.startsWith('search.')) {
    if (Array.isArray(d.cameraIds)) for (const id of new Set(d.cameraIds)) if (isText(id)) refs.push({ kind: 'returned_camera', ref: id });
    const place = record(d.place);
    if (place?.kind === 'street' && isText(place.street)) {
      refs.push({ kind: 'street', ref: `${isText(place.wardId) ? place.wardId : ANY_WARD}:`, fold: place.street });
    }
  }
  return refs;
}
