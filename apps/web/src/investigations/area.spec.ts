import { circleAreaM2, circleRing, exceeds, polygonAreaM2, ringAreaM2, windowHours } from './area';

describe('request area and window, measured in the form', () => {
  // A square of 0.01° × 0.01° at Him Lam (21.39° N): 1113.2 m north–south × 1036.4 m east–west.
  const lat = 21.39;
  const lon = 103.03;
  const square: [number, number][] = [
    [lon, lat],
    [lon + 0.01, lat],
    [lon + 0.01, lat + 0.01],
    [lon, lat + 0.01],
    [lon, lat],
  ];

  it('measures a small square as its sides multiplied, within 0.1 %', () => {
    const expected = 1111.95 * 0.01 * 100 * (1111.95 * 0.01 * 100 * Math.cos((21.395 * Math.PI) / 180));
    expect(Math.abs(ringAreaM2(square) - expected) / expected).toBeLessThan(0.001);
  });

  it('gives the same area whichever way the ring turns, closed or open', () => {
    const reversed = [...square].reverse();
    expect(ringAreaM2(reversed)).toBeCloseTo(ringAreaM2(square), 3);
    expect(ringAreaM2(square.slice(0, -1))).toBeCloseTo(ringAreaM2(square), 3);
  });

  it('subtracts holes and has no area for fewer than three points', () => {
    const hole: [number, number][] = [
      [lon + 0.0025, lat + 0.0025],
      [lon + 0.0075, lat + 0.0025],
      [lon + 0.0075, lat + 0.0075],
      [lon + 0.0025, lat + 0.0075],
      [lon + 0.0025, lat + 0.0025],
    ];
    expect(polygonAreaM2([square, hole]) / ringAreaM2(square)).toBeCloseTo(0.75, 3);
    expect(ringAreaM2(square.slice(0, 2))).toBe(0);
    expect(polygonAreaM2([])).toBe(0);
  });

  it('is exact for a band between two parallels and two meridians: R² Δλ (sin φ2 − sin φ1)', () => {
    const band: [number, number][] = [
      [10, 20],
      [40, 20],
      [40, 50],
      [10, 50],
    ];
    const rad = Math.PI / 180;
    const exact = 6_371_007.2 ** 2 * (30 * rad) * (Math.sin(50 * rad) - Math.sin(20 * rad));
    expect(ringAreaM2(band) / exact).toBeCloseTo(1, 9);
  });

  it('measures a circle as π r² at street scale, and its drawn ring agrees', () => {
    expect(circleAreaM2(400) / (Math.PI * 400 ** 2)).toBeCloseTo(1, 6);
    expect(circleAreaM2(0)).toBe(0);
    const drawn = ringAreaM2(circleRing(lat, lon, 400, 360));
    expect(Math.abs(drawn - circleAreaM2(400)) / circleAreaM2(400)).toBeLessThan(0.001);
  });

  it('measures windows in hours and compares with limits', () => {
    expect(windowHours('2026-12-01T08:00:00Z', '2026-12-01T20:30:00Z')).toBe(12.5);
    expect(Number.isNaN(windowHours('', '2026-12-01T20:30:00Z'))).toBe(true);
    expect(exceeds(12.5, 12)).toBe(true);
    expect(exceeds(12, 12)).toBe(false);
    expect(exceeds(null, 12)).toBe(false);
    expect(exceeds(3, undefined)).toBe(false);
  });
});
