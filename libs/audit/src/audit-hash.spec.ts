import { createHash } from 'node:crypto';
import { GENESIS_HASH, hashAuditEntry, HashedAuditContent, normaliseDetails } from './audit-hash';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const base = (): HashedAuditContent => ({
  seq: '7',
  at: new Date('2024-03-05T06:07:08.123Z'),
  actorId: '6f1c9a1e-0000-4000-8000-000000000001',
  actorRole: 'officer',
  action: 'footage.viewed',
  subjectType: 'clip',
  subjectId: 'clip-1',
  cameraId: 'cam-1',
  investigationId: 'inv-1',
  details: { reason: 'case review', nested: { z: 1, a: [1, 'x'] } },
  prevHash: 'a'.repeat(64),
});

describe('GENESIS_HASH', () => {
  it('is 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe('hashAuditEntry', () => {
  it('is a lower-case hex SHA-256 and deterministic', () => {
    const h = hashAuditEntry(base());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditEntry(base())).toBe(h);
  });

  it('does not depend on the key order of details, nested objects included', () => {
    const a = { ...base(), details: { reason: 'r', nested: { z: 1, a: 2, deeper: { y: true, b: null } }, n: 3 } };
    const b = { ...base(), details: { n: 3, nested: { deeper: { b: null, y: true }, a: 2, z: 1 }, reason: 'r' } };
    expect(hashAuditEntry(a)).toBe(hashAuditEntry(b));
  });

  it('keeps array order significant', () => {
    const a = { ...base(), details: { list: [1, 2] } };
    const b = { ...base(), details: { list: [2, 1] } };
    expect(hashAuditEntry(a)).not.toBe(hashAuditEntry(b));
  });

  const changes: [string, Partial<HashedAuditContent>][] = [
    ['seq', { seq: '8' }],
    ['at (one millisecond later)', { at: new Date('2024-03-05T06:07:08.124Z') }],
    ['actorId', { actorId: '6f1c9a1e-0000-4000-8000-000000000002' }],
    ['actorId (to null)', { actorId: null }],
    ['actorRole', { actorRole: 'supervisor' }],
    ['action', { action: 'footage.downloaded' }],
    ['subjectType', { subjectType: 'camera' }],
    ['subjectId', { subjectId: 'clip-2' }],
    ['cameraId', { cameraId: 'cam-2' }],
    ['cameraId (to null)', { cameraId: null }],
    ['investigationId', { investigationId: 'inv-2' }],
    ['investigationId (to null)', { investigationId: null }],
    ['a details value', { details: { reason: 'case review', nested: { z: 2, a: [1, 'x'] } } }],
    ['a details value type (1 vs "1")', { details: { reason: 'case review', nested: { z: '1', a: [1, 'x'] } } }],
    ['prevHash', { prevHash: 'b'.repeat(64) }],
  ];
  it.each(changes)('changes when %s changes', (_, change) => {
    expect(hashAuditEntry({ ...base(), ...change })).not.toBe(hashAuditEntry(base()));
  });

  it('hashes the canonical JSON (sorted keys, no spaces, millisecond ISO time) byte for byte', () => {
    const entry: HashedAuditContent = {
      seq: '1',
      at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), // whole second: the text must still carry ".000"
      actorId: 'u1',
      actorRole: 'officer',
      action: 'a.b',
      subjectType: 'camera',
      subjectId: 's1',
      cameraId: null,
      investigationId: null,
      details: { b: 1, a: 'x' },
      prevHash: GENESIS_HASH,
    };
    const canonical =
      '{"action":"a.b","actorId":"u1","actorRole":"officer","at":"2024-01-02T03:04:05.000Z","cameraId":null,' +
      '"details":{"a":"x","b":1},"investigationId":null,' +
      '"prevHash":"0000000000000000000000000000000000000000000000000000000000000000",' +
      '"seq":"1","subjectId":"s1","subjectType":"camera"}';
    expect(hashAuditEntry(entry)).toBe(sha256(canonical));
  });

  it('uses the time to the millisecond', () => {
    const at = new Date('2024-03-05T06:07:08.999Z');
    const truncated = new Date('2024-03-05T06:07:08.000Z');
    expect(hashAuditEntry({ ...base(), at })).not.toBe(hashAuditEntry({ ...base(), at: truncated }));
    // The same instant expressed through another time zone's text is the same entry.
    expect(hashAuditEntry({ ...base(), at: new Date('2024-03-05T13:07:08.999+07:00') })).toBe(hashAuditEntry({ ...base(), at }));
  });
});

describe('normaliseDetails', () => {
  it('turns Dates into ISO strings and drops undefined keys, nested too', () => {
    const at = new Date('2024-03-05T06:07:08.123Z');
    const out = normaliseDetails({ at, gone: undefined, keep: null, nested: { when: at, gone: undefined, n: 1 } });
    expect(out).toEqual({ at: '2024-03-05T06:07:08.123Z', keep: null, nested: { when: '2024-03-05T06:07:08.123Z', n: 1 } });
    expect(Object.keys(out)).not.toContain('gone');
    expect(Object.keys(out.nested as object)).not.toContain('gone');
  });

  it('turns undefined details into an empty object', () => {
    expect(normaliseDetails(undefined)).toEqual({});
  });

  it('does not alter the caller’s object', () => {
    const at = new Date('2024-03-05T06:07:08.123Z');
    const input = { at, gone: undefined };
    normaliseDetails(input);
    expect(input.at).toBe(at);
    expect('gone' in input).toBe(true);
  });

  it('makes details with a Date hash the same as the stored (string) form', () => {
    const at = new Date('2024-03-05T06:07:08.123Z');
    const fromCaller = { ...base(), details: normaliseDetails({ at, skipped: undefined }) };
    const fromDatabase = { ...base(), details: { at: '2024-03-05T06:07:08.123Z' } };
    expect(hashAuditEntry(fromCaller)).toBe(hashAuditEntry(fromDatabase));
  });
});
