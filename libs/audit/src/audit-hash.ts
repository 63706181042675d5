import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything in the row except the hash itself. */
export interface HashedAuditContent {
  seq: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  cameraId: string | null;
  investigationId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the entry, so that verification (here, or offline
 * from an export) recomputes exactly the same bytes whatever order PostgreSQL returns jsonb keys in.
 */
export function hashAuditEntry(entry: HashedAuditContent): string {
  const canonical = canonicalize({
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    cameraId: entry.cameraId,
    investigationId: entry.investigationId,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  if (canonical === undefined) throw new Error('audit entry could not be serialised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Details are stored as jsonb and hashed; normalise them through JSON first so that what is hashed
 * is exactly what PostgreSQL will hand back (Dates become strings, undefined keys disappear).
 */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return details === undefined ? {} : (JSON.parse(JSON.stringify(details)) as Record<string, unknown>);
}
