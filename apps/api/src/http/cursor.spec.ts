import { ProblemException } from '@wardwatch/problems';
import { decodeCursor, encodeCursor } from './cursor';

const KEYS = ['at', 'id'] as const;
const ID = '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a';
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursor', () => {
  it('round-trips what it encodes', () => {
    const value = { at: '2024-03-05T06:07:08.123Z', id: ID };
    expect(decodeCursor(encodeCursor(value), KEYS)).toEqual(value);
  });

  it('round-trips Unicode and characters that base64 would make URL-unsafe', () => {
    const value = { key: 'Hoàng Văn Thái ???>>> /+=&?', id: ID };
    const cursor = encodeCursor(value);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ['key', 'id'] as const)).toEqual(value);
  });

  it('is opaque: the cursor does not show its contents', () => {
    expect(encodeCursor({ key: 'visible-value', id: '1' })).not.toContain('visible-value');
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
    // Well-formed base64url JSON with the right keys, forged: each key must look like what we issue.
    ['an id that is not a UUID', b64url(JSON.stringify({ at: '2024-03-05T06:07:08.123Z', id: "1' OR '1'='1" }))],
    ['an instant that is not one', b64url(JSON.stringify({ at: 'yesterday', id: ID }))],
    ['an instant PostgreSQL would read but we never issue', b64url(JSON.stringify({ at: '2024-03-05 06:07', id: ID }))],
    ['an impossible date', b64url(JSON.stringify({ at: '2024-13-45T06:07:08.123Z', id: ID }))],
  ];
  it.each(invalid)('%s -> validation.bad_cursor telling the client to start again', (_, cursor) => {
    expect(() => decodeCursor(cursor, KEYS)).toThrow(ProblemException);
    expect(() => decodeCursor(cursor, KEYS)).toThrow(expect.objectContaining({ code: 'validation.bad_cursor' }));
    expect(() => decodeCursor(cursor, KEYS)).toThrow(/start again without a cursor/);
  });

  it('a sequence number must be digits only', () => {
    expect(decodeCursor(encodeCursor({ seq: '42' }), ['seq'] as const)).toEqual({ seq: '42' });
    expect(() => decodeCursor(encodeCursor({ seq: '42; DROP TABLE audit' }), ['seq'] as const)).toThrow(ProblemException);
  });

  it('a cursor for other keys does not decode for these', () => {
    const other = encodeCursor({ seq: '9' });
    expect(() => decodeCursor(other, KEYS)).toThrow(ProblemException);
    expect(decodeCursor(other, ['seq'] as const)).toEqual({ seq: '9' });
  });
});
