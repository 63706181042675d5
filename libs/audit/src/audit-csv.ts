import type { AuditEntryView } from './audit.types';

/**
 * The columns of the CSV export: every field of the entry, hashes included, so that whoever
 * receives the file can recompute the chain from it (details as its stored JSON). `actor_name` is
 * the only column the hash does not cover: the actor's display name now, for people reading the file
 * (empty for the system and for deleted accounts).
 */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_role',
  'actor_name',
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

/**
 * A free-text cell that no hash covers (a person's display name), made inert for spreadsheets: a
 * leading `=`, `+`, `-`, `@`, tab or CR would make Excel or LibreOffice read it as a formula (a
 * resident can name themselves `=HYPERLINK(...)`), so it gets a leading apostrophe, which
 * spreadsheets show as text (OWASP's advice for CSV injection).
 */
export function spreadsheetText(value: string | null): string | null {
  return value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(fields: readonly (string | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * U+FEFF, written first as UTF-8 (EF BB BF). Spreadsheet programs (Excel above all) read a CSV
 * without it in the system's legacy code page and garble Vietnamese names; with it they read UTF-8.
 * RFC 4180 parsers that do not expect it see it glued to the first header name: strip it.
 */
export const UTF8_BOM = '\uFEFF';

/** The header row, preceded by the UTF-8 byte order mark. */
export function auditCsvHeader(): string {
  return UTF8_BOM + csvRecord(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(e: AuditEntryView): string {
  return csvRecord([
    e.seq,
    e.at.toISOString(),
    e.actorId,
    e.actorRole,
    spreadsheetText(e.actorName),
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
