import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './cursor';

const KEYS = ['at', 'id'] as const;
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursor', () => {
  it('round-trips what it encodes', () => {
    const value = { at: '2024-03-05T06:07:08.123Z', id: '42' };
    expect(decodeCursor(encodeCursor(value), KEYS)).toEqual(value);
  });

  it('round-trips Unicode and characters that base64 would make URL-unsafe', () => {
    const value = { at: 'Hoàng Văn Thái ???>>>', id: '/+=&?' };
    const cursor = encodeCursor(value);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, KEYS)).toEqual(value);
  });

  it('is opaque: the cursor does not show its contents', () => {
    expect(encodeCursor({ at: 'visible-value', id: '1' })).not.toContain('visible-value');
  });

  const invalid: [string, string][] = [
    ['garbage', '!!!not a cursor***'],
    ['an empty string', ''],
    ['valid base64url of text that is not JSON', b64url('hello, world')],
    ['valid base64url of truncated JSON', b64url('{"at":"2024')],
    ['JSON missing a key', b64url(JSON.stringify({ at: '2024-03-05T06:07:08.123Z' }))],
    ['JSON with a key of the wrong type', b64url(JSON.stringify({ at: '2024-03-05T06:07:08.123Z', id: 42 }))],
    ['JSON null', b64url('null')],
    ['a JSON string', b64url('"at,id"')],
    ['a JSON number', b64url('7')],
  ];
  it.each(invalid)('%s -> BadRequestException telling the client to start again', (_, cursor) => {
    expect(() => decodeCursor(cursor, KEYS)).toThrow(BadRequestException);
    expect(() => decodeCursor(cursor, KEYS)).toThrow(/start again without a cursor/);
  });

  it('a cursor for other keys does not decode for these', () => {
    const other = encodeCursor({ seq: '9' });
    expect(() => decodeCursor(other, KEYS)).toThrow(BadRequestException);
    expect(decodeCursor(other, ['seq'] as const)).toEqual({ seq: '9' });
  });
});
