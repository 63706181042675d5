import { checkPolygon, MAX_POLYGON_VERTICES, polygonAreaM2, segmentsIntersect, type GeoJsonPolygonInput } from './geojson-area';

/** A square of about `sideM` metres near Him Lam (21.39 N, 103.03 E), counter-clockwise and closed. */
const square = (sideM: number, lat = 21.39, lon = 103.03): GeoJsonPolygonInput => {
  const dLat = sideM / 111_195;
  const dLon = sideM / (111_195 * Math.cos((lat * Math.PI) / 180));
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + dLon, lat],
        [lon + dLon, lat + dLat],
        [lon, lat + dLat],
        [lon, lat],
      ],
    ],
  };
};

describe('checkPolygon', () => {
  it('accepts a closed ring and drops altitudes and repeated positions', () => {
    const ring = square(100).coordinates[0];
    const withAltitude = { type: 'Polygon', coordinates: [[[...ring[0], 12], ring[1], ring[1], ring[2], ring[3], ring[4]]] };
    const checked = checkPolygon(withAltitude);
    expect(checked).toEqual({ ok: true, polygon: square(100) });
  });

  it.each([
    ['not an object', 'x', /GeoJSON Polygon object/],
    ['another type', { type: 'Point', coordinates: [103, 21] }, /"Polygon"/],
    ['no ring', { type: 'Polygon', coordinates: [] }, /one ring/],
    ['holes', { type: 'Polygon', coordinates: [square(100).coordinates[0], square(10).coordinates[0]] }, /holes are not supported/],
    [
      'a bad position',
      {
        type: 'Polygon',
        coordinates: [
          [
            [103, 21],
            [103, 'x'],
            [104, 22],
            [103, 21],
          ],
        ],
      },
      /position 1 must be/,
    ],
    [
      'latitude first',
      {
        type: 'Polygon',
        coordinates: [
          [
            [21.39, 103.03],
            [21.4, 103.03],
            [21.4, 103.04],
            [21.39, 103.03],
          ],
        ],
      },
      /latitude 103.03 is outside -90..90/,
    ],
    [
      'too few positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [103, 21],
            [103.1, 21],
            [103, 21],
          ],
        ],
      },
      /at least 4 positions/,
    ],
    [
      'an open ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [103, 21],
            [103.1, 21],
            [103.1, 21.1],
            [103, 21.1],
          ],
        ],
      },
      /must be closed/,
    ],
    [
      'a bow tie',
      {
        type: 'Polygon',
        coordinates: [
          [
            [103, 21],
            [103.1, 21.1],
            [103.1, 21],
            [103, 21.1],
            [103, 21],
          ],
        ],
      },
      /crosses or touches itself/,
    ],
    [
      'a flat ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [103, 21],
            [103.1, 21],
            [103.2, 21],
            [103, 21],
          ],
        ],
      },
      /crosses or touches itself|encloses no area/,
    ],
  ])('refuses %s', (_name, value, message) => {
    const checked = checkPolygon(value);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.join('; ')).toMatch(message);
  });

  it(`allows at most ${MAX_POLYGON_VERTICES} corners`, () => {
    const circle = (n: number): GeoJsonPolygonInput => {
      const ring: [number, number][] = [];
      for (let i = 0; i < n; i++)
        ring.push([103.03 + 0.01 * Math.cos((2 * Math.PI * i) / n), 21.39 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
      ring.push(ring[0]);
      return { type: 'Polygon', coordinates: [ring] };
    };
    expect(checkPolygon(circle(MAX_POLYGON_VERTICES)).ok).toBe(true);
    const tooMany = checkPolygon(circle(MAX_POLYGON_VERTICES + 1));
    expect(tooMany).toEqual({ ok: false, errors: [`the polygon has 201 corners; at most ${MAX_POLYGON_VERTICES} are allowed`] });
  });
});

describe('polygonAreaM2', () => {
  it('measures a 100 m square as about 10,000 m², whichever way it winds', () => {
    const ccw = square(100);
    expect(polygonAreaM2(ccw)).toBeGreaterThan(9_950);
    expect(polygonAreaM2(ccw)).toBeLessThan(10_050);
    const cw: GeoJsonPolygonInput = { type: 'Polygon', coordinates: [[...ccw.coordinates[0]].reverse()] };
    expect(polygonAreaM2(cw)).toBeCloseTo(polygonAreaM2(ccw), 6);
  });

  it('measures a 707 m square as about 0.5 km²', () => {
    expect(polygonAreaM2(square(707.1)) / 1e6).toBeCloseTo(0.5, 2);
  });
});

describe('segmentsIntersect', () => {
  it('sees crossings, touches and collinear overlaps, not parallel segments', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [1, 1])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [0, 1], [2, 1])).toBe(false);
  });
});
