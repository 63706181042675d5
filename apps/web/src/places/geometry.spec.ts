import { compassPoint, destination, foldForSearch, inMultiPolygon, matchesSearch, type Position, viewCone } from './geometry';

/** A square around (21.39 N, 103.03 E) with a hole in its south-west corner. */
const WARD: Position[][][] = [
  [
    [
      [103.02, 21.38],
      [103.04, 21.38],
      [103.04, 21.4],
      [103.02, 21.4],
      [103.02, 21.38],
    ],
    [
      [103.021, 21.381],
      [103.025, 21.381],
      [103.025, 21.385],
      [103.021, 21.385],
      [103.021, 21.381],
    ],
  ],
];

describe('ward map geometry', () => {
  it('a pin is in the ward inside its boundary, not outside it nor in a hole', () => {
    expect(inMultiPolygon(WARD, 21.39, 103.03)).toBe(true);
    expect(inMultiPolygon(WARD, 21.41, 103.03)).toBe(false);
    expect(inMultiPolygon(WARD, 21.39, 103.05)).toBe(false);
    expect(inMultiPolygon(WARD, 21.383, 103.023)).toBe(false);
  });

  it('draws the cone from the camera, its arc at the range, centred on the azimuth', () => {
    const ring = viewCone(21.39, 103.03, { azimuthDeg: 90, fieldOfViewDeg: 60, rangeM: 100 });
    expect(ring[0]).toEqual([21.39, 103.03]);
    expect(ring[ring.length - 1]).toEqual([21.39, 103.03]);
    // Looking east: every arc point is east of the camera, about 100 m away (1e-3 degrees of longitude ≈ 104 m here).
    for (const [lat, lon] of ring.slice(1, -1)) {
      expect(lon).toBeGreaterThan(103.03);
      expect(Math.hypot((lat - 21.39) * 111_195, (lon - 103.03) * 111_195 * Math.cos((21.39 * Math.PI) / 180))).toBeCloseTo(100, 0);
    }
    const [north] = destination(21.39, 103.03, 0, 1000);
    expect(north).toBeCloseTo(21.39 + 1000 / 111_195, 5);
  });

  it('matches street names without diacritics or case, đ as d', () => {
    expect(foldForSearch('Hoàng Văn Thái')).toBe('hoang van thai');
    expect(foldForSearch('Đường Điện Biên')).toBe('duong dien bien');
    // Decomposed input (some Vietnamese keyboards) folds the same.
    expect(foldForSearch('Võ Nguyên Giáp'.normalize('NFD'))).toBe('vo nguyen giap');
    expect(matchesSearch('Hoàng Văn Thái', 'hoang thai')).toBe(true);
    expect(matchesSearch('Ngõ 35 Hoàng Văn Thái', 'ngo 35')).toBe(true);
    expect(matchesSearch('Võ Nguyên Giáp', 'hoang')).toBe(false);
  });

  it('names the compass point a camera looks towards', () => {
    expect([0, 44, 90, 180, 225, 359].map(compassPoint)).toEqual(['n', 'ne', 'e', 's', 'sw', 'n']);
  });
});
