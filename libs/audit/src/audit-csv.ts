import type { AuditEntryEntity } from './audit-entry.entity';

/**
 * The columns of the CSV export: every field of the entry, hashes included, so that whoever
 * receives the file can recompute the chain from it (details as its stored JSON).
 */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_role',
  'action',
  'subject_type',
  'subject_id',
  'camera_id',
  'investigation_id',
  'details',
  'prev_hash',
  'hash',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF, with inner quotes
 * doubled. Values are written as stored, never altered (no spreadsheet-formula escaping), because
 * altering them would break recomputing the hashes from the export.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(fields: readonly (string | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function auditCsvHeader(): string {
  return csvRecord(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(e: AuditEntryEntity): string {
  return csvRecord([
    e.seq,
    e.at.toISOString(),
    e.actorId,
    e.actorRole,
    e.action,
    e.subjectType,
    e.subjectId,
    e.cameraId,
    e.investigationId,
    JSON.stringify(e.details),
    e.prevHash,
    e.hash,
  ]);
}
