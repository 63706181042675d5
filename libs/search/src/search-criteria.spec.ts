import { ProblemException } from '@wardwatch/problems';
import { houseNumberMain, parseCameraSearch, parseSearchCursor } from './search-criteria';
import { buildCameraSearchSql } from './search-sql';

const from = new Date('2026-11-28T00:00:00Z');
const to = new Date('2026-11-28T06:00:00Z');

describe('houseNumberMain: Vietnamese house numbers by their main number', () => {
  it.each([
    ['12', 12],
    ['12A', 12],
    ['12/3', 12],
    ['12/3A', 12],
    ['Số 12B', 12],
    ['K40', 40],
    ['abc', null],
  ])('%s -> %p', (value, main) => expect(houseNumberMain(value)).toBe(main));
});

describe('parseCameraSearch', () => {
  const parse = (params: object, maxHours = 24) => parseCameraSearch({ from, to, ...params }, maxHours);
  const refused = (params: object, message: RegExp, maxHours = 24) => {
    expect(() => parse(params, maxHours)).toThrow(ProblemException);
    expect(() => parse(params, maxHours)).toThrow(message);
  };

  it('reads a street with a house range and cleans the name (NFC, spaces)', () => {
    const decomposed = 'Hoàng  Văn Thái '.normalize('NFD');
    expect(parse({ street: decomposed, houseFrom: '10A', houseTo: '40/2' }).place).toEqual({
      kind: 'street',
      street: 'Hoàng Văn Thái',
      houseFrom: 10,
      houseTo: 40,
      wardId: null,
    });
  });

  it('reads a radius and a ward, and defaults the page size', () => {
    expect(parse({ lat: 10.79, lon: 106.69, radiusM: 300 })).toMatchObject({
      place: { kind: 'radius', latitude: 10.79, longitude: 106.69, radiusM: 300 },
      limit: 20,
      after: null,
    });
    expect(parse({ wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' }).place).toEqual({
      kind: 'ward',
      wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a',
    });
  });

  it('caps the window at the configured maximum', () => {
    expect(() => parse({ street: 'hoang van thai' }, 6)).not.toThrow();
    refused({ street: 'hoang van thai' }, /at most 5 hours/, 5);
  });

  it.each([
    [{}, /say where to search/],
    [{ street: 'abc', wardId: 'x', lat: 1, lon: 2, radiusM: 3 }, /one place at a time/],
    [{ lat: 1, lon: 2, radiusM: 3, wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' }, /one place at a time/],
    [{ radiusM: 3 }, /together/],
    [{ lat: 91, lon: 2, radiusM: 3 }, /lat must be/],
    [{ lat: 1, lon: 2, radiusM: 0 }, /radiusM must be/],
    [{ street: ' -- ' }, /at least 3/],
    [{ street: 'hoang', houseFrom: '9', houseTo: '8' }, /not be greater/],
    [{ houseTo: '8', wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' }, /need a street/],
    [{ wardId: 'an-binh' }, /ward id/],
    [{ wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a', limit: 51 }, /limit/],
  ])('refuses %j', (params, message) => refused(params, message));

  it('refuses an empty or reversed window', () => {
    expect(() => parseCameraSearch({ street: 'hoang van thai', from: to, to: from }, 24)).toThrow(/to must be after from/);
    expect(() => parseCameraSearch({ street: 'hoang van thai', from, to: new Date('x') }, 24)).toThrow(/to is required/);
  });
});

describe('parseSearchCursor', () => {
  it('round-trips numbers exactly and refuses anything else', () => {
    const k1 = -0.7058823704719543;
    expect(parseSearchCursor({ k1: String(k1), k2: '12', id: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' })).toEqual({
      k1,
      k2: 12,
      id: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a',
    });
    expect(() => parseSearchCursor({ k1: 'NaN', k2: '0', id: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' })).toThrow(/cursor/);
    expect(() => parseSearchCursor({ k1: '0', k2: '0', id: "x' OR 1=1" })).toThrow(/cursor/);
  });
});

describe('buildCameraSearchSql', () => {
  it('binds every value the officer gave as a parameter, never in the text', () => {
    const sql = buildCameraSearchSql({
      place: { kind: 'street', street: "O'Brien; DROP TABLE cameras", houseFrom: 1, houseTo: 9, wardId: null },
      from,
      to,
      after: { k1: -0.5, k2: 3, id: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a' },
      limit: 20,
    });
    expect(sql.text).not.toContain('Brien');
    expect(sql.values).toContain("O'Brien; DROP TABLE cameras");
    expect(sql.values).toContain(21);
    expect(sql.text).toContain("'police_search' = ANY (cc.purposes)");
    // Nothing that leads to footage is selected.
    for (const column of ['stream_uri', 'object_key', 'thumbnail_key', 'onvif_host', 'credentials_sealed', 'owner_id']) {
      expect(sql.text).not.toContain(column);
    }
  });
});
