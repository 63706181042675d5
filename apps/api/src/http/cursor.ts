import { problem } from '@wardwatch/problems';

/** What each key a cursor may hold must look like: a forged cursor never reaches a query. */
const KEY_FORMATS = {
  id: 'uuid',
  clipId: 'uuid',
  cameraId: 'uuid',
  createdAt: 'instant',
  requestedFrom: 'instant',
  at: 'instant',
  seq: 'integer',
  k1: 'number',
  k2: 'number',
  key: 'text',
  house: 'text',
} as const;

/** A key a cursor may hold; add a new key to KEY_FORMATS with its format. */
export type CursorKey = keyof typeof KEY_FORMATS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const wellFormed: Record<(typeof KEY_FORMATS)[CursorKey], (v: string) => boolean> = {
  uuid: (v) => UUID.test(v),
  instant: (v) => INSTANT.test(v) && !Number.isNaN(Date.parse(v)),
  integer: (v) => /^\d{1,19}$/.test(v),
  number: (v) => v !== '' && v.length <= 32 && Number.isFinite(Number(v)),
  text: (v) => v.length <= 1000,
};

export const BAD_CURSOR_DETAIL = 'The cursor is not one this API issued; start again without a cursor.';

/** Opaque keyset cursors: base64url of JSON, so clients cannot depend on their contents. */
export function encodeCursor(value: Partial<Record<CursorKey, string>>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The keys of a cursor this API issued, each in its format; `validation.bad_cursor` (400) otherwise. */
export function decodeCursor<K extends CursorKey>(cursor: string, keys: readonly K[]): Record<K, string> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const ok = (k: K): boolean => {
      const v = value[k];
      return typeof v === 'string' && wellFormed[KEY_FORMATS[k]](v);
    };
    if (keys.every(ok)) return value as Record<K, string>;
  } catch {
    // fall through to the error below
  }
  throw problem('validation.bad_cursor', BAD_CURSOR_DETAIL);
}
