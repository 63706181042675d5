import { ProblemException } from '@wardwatch/problems';
import { houseNumberMain, parseCameraSearch, parsePolygon, parseSearchCursor, placeParamsFromBody, SEARCH_BOUNDS } from './search-criteria';
import { buildAreaCoverageSql, buildCameraSearchSql } from './search-sql';

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

describe('a drawn polygon', () => {
  const ring: [number, number][] = [
    [103.03, 21.389],
    [103.033, 21.389],
    [103.033, 21.392],
    [103.03, 21.392],
    [103.03, 21.389],
  ];
  const polygon = { type: 'Polygon', coordinates: [ring] };

  it('is read as one closed ring of [longitude, latitude], an altitude dropped', () => {
    expect(parsePolygon({ ...polygon, coordinates: [ring.map(([lon, lat]) => [lon, lat, 12])] })).toEqual(polygon);
    expect(parseCameraSearch({ polygon, from, to }, 24).place).toEqual({ kind: 'polygon', polygon });
  });

  it.each([
    [null, /must be a GeoJSON Polygon/],
    [{ type: 'MultiPolygon', coordinates: [[ring]] }, /must be a GeoJSON Polygon/],
    [{ type: 'Polygon', coordinates: [ring, ring] }, /exactly one ring .* it has 2/],
    [{ type: 'Polygon', coordinates: [[...ring.slice(0, 4), ['a', 1]]] }, /list of \[longitude, latitude\] positions/],
    [{ type: 'Polygon', coordinates: [ring.map(([lon, lat]) => [lat, lon])] }, /longitude must be -180..180/],
    [{ type: 'Polygon', coordinates: [ring.slice(0, 4)] }, /must be closed/],
    [{ type: 'Polygon', coordinates: [[ring[0], ring[1], ring[0]]] }, /at least 3 corners/],
  ])('refuses %j with search.invalid_area', (value, message) => {
    expect(() => parsePolygon(value)).toThrow(message);
    try {
      parsePolygon(value);
    } catch (e) {
      expect((e as ProblemException).code).toBe('search.invalid_area');
    }
  });

  it(`allows ${SEARCH_BOUNDS.maxPolygonVertices} corners and not one more`, () => {
    const corners = (n: number) => {
      const points = Array.from({ length: n }, (_, i) => [
        103 + Math.cos((2 * Math.PI * i) / n) / 1000,
        21 + Math.sin((2 * Math.PI * i) / n) / 1000,
      ]);
      return { type: 'Polygon', coordinates: [[...points, points[0]]] };
    };
    expect(() => parsePolygon(corners(SEARCH_BOUNDS.maxPolygonVertices))).not.toThrow();
    expect(() => parsePolygon(corners(SEARCH_BOUNDS.maxPolygonVertices + 1))).toThrow(/at most 200 corners; it has 201/);
  });

  it('is one place: not with a street, a point or a ward', () => {
    expect(() => parseCameraSearch({ polygon, wardId: '3f8e8a57-8f8e-4c39-9a4e-2f0f6c1d2b7a', from, to }, 24)).toThrow(
      /one place at a time/,
    );
    expect(() => parseCameraSearch({ polygon, lat: 1, lon: 2, radiusM: 3, from, to }, 24)).toThrow(/one place at a time/);
  });

  it('builds its search and coverage over bound parameters, by the stored view cone', () => {
    const sql = buildCameraSearchSql({ place: { kind: 'polygon', polygon: parsePolygon(polygon) }, from, to, after: null, limit: 20 });
    expect(sql.values).toContain(JSON.stringify(polygon));
    expect(sql.text).not.toContain('103.03');
    expect(sql.text).toContain('ST_Intersects(c.view_cone');
    const coverage = buildAreaCoverageSql({ kind: 'radius', latitude: 21.39, longitude: 103.03, radiusM: 150 });
    expect(coverage.values).toEqual([103.03, 21.39, 150]);
    expect(coverage.text).toContain("'police_search' = ANY (cc.purposes)");
  });
});

describe('placeParamsFromBody: the body form of a place to the query form', () => {
  it.each([
    [
      { kind: 'street', street: 'Hoàng Văn Thái', houseFrom: 10, houseTo: '40A' },
      { street: 'Hoàng Văn Thái', houseFrom: '10', houseTo: '40A', wardId: undefined },
    ],
    [
      { kind: 'circle', latitude: 21.39, longitude: 103.03, radiusM: 150 },
      { lat: 21.39, lon: 103.03, radiusM: 150 },
    ],
    [{ kind: 'ward', wardId: 'w' }, { wardId: 'w' }],
  ])('%j', (place, params) => expect(placeParamsFromBody(place)).toEqual(params));

  it.each([
    ['x', 'search.invalid_place', /place.kind must be one of street, circle, polygon, ward/],
    [{ kind: 'radius' }, 'search.invalid_place', /place.kind must be one of/],
    [{ kind: 'street' }, 'search.invalid_place', /place.street is required/],
    [{ kind: 'street', street: 3 }, 'search.invalid_place', /place.street must be a string/],
    [{ kind: 'circle', latitude: 1, longitude: 2 }, 'search.invalid_radius', /place.radiusM must be a number/],
    [{ kind: 'ward', wardId: 'w', street: 'x' }, 'search.invalid_place', /takes wardId; not street/],
    [{ kind: 'polygon' }, 'search.invalid_area', /place.polygon is required/],
  ])('refuses %j with %s', (place, code, message) => {
    expect(() => placeParamsFromBody(place)).toThrow(message);
    try {
      placeParamsFromBody(place);
    } catch (e) {
      expect((e as ProblemException).code).toBe(code);
    }
  });
});
