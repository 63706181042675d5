import { BadRequestException } from '@nestjs/common';

/** Opaque keyset cursors: base64url of JSON, so clients cannot depend on their contents. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (keys.every((k) => typeof value[k] === 'string')) return value as Record<K, string>;
  } catch {
    // fall through to the error below
  }
  throw new BadRequestException('cursor is not one this API issued; start again without a cursor');
}
