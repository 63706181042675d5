import { destination, viewCone, viewDirectionOf } from './view-cone';

const HIM_LAM = { latitude: 21.39, longitude: 103.03 };

/** Great-circle distance in metres (haversine), independent of the code under test. */
function metres(a: [number, number], b: [number, number]): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const [lon1, lat1] = a;
  const [lon2, lat2] = b;
  const h = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** Twice the signed area in degree units (shoelace): positive for a counter-clockwise ring. */
const signedArea = (ring: [number, number][]) =>
  ring.slice(0, -1).reduce((sum, [x1, y1], i) => sum + (x1 * ring[i + 1][1] - ring[i + 1][0] * y1), 0);

describe('viewCone', () => {
  it('is a closed, counter-clockwise ring from the camera out to its range and back', () => {
    const cone = viewCone(HIM_LAM, { azimuthDeg: 90, fieldOfViewDeg: 60, rangeM: 50 });
    expect(cone.type).toBe('Polygon');
    const ring = cone.coordinates[0];
    expect(ring[0]).toEqual([103.03, 21.39]);
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    expect(signedArea(ring)).toBeGreaterThan(0);
    for (const p of ring.slice(1, -1)) expect(metres(ring[0], p)).toBeCloseTo(50, 0);
  });

  it('points where the camera looks: east of the camera for azimuth 90, north for 0', () => {
    const east = viewCone(HIM_LAM, { azimuthDeg: 90, fieldOfViewDeg: 40, rangeM: 100 }).coordinates[0];
    for (const [lon] of east.slice(1, -1)) expect(lon).toBeGreaterThan(HIM_LAM.longitude);
    const north = viewCone(HIM_LAM, { azimuthDeg: 0, fieldOfViewDeg: 40, rangeM: 100 }).coordinates[0];
    for (const [, lat] of north.slice(1, -1)) expect(lat).toBeGreaterThan(HIM_LAM.latitude);
  });

  it('spans the field of view: its two edges are the azimuth plus and minus half the angle, across north too', () => {
    const ring = viewCone(HIM_LAM, { azimuthDeg: 350, fieldOfViewDeg: 40, rangeM: 100 }).coordinates[0];
    const [lat, lon] = destination(HIM_LAM.latitude, HIM_LAM.longitude, 10, 100);
    expect(ring[1][0]).toBeCloseTo(lon, 6);
    expect(ring[1][1]).toBeCloseTo(lat, 6);
    const [lat2, lon2] = destination(HIM_LAM.latitude, HIM_LAM.longitude, 330, 100);
    expect(ring[ring.length - 2][0]).toBeCloseTo(lon2, 6);
    expect(ring[ring.length - 2][1]).toBeCloseTo(lat2, 6);
  });

  it('has at most 10 degrees of arc between edge points, and at least three of them', () => {
    expect(viewCone(HIM_LAM, { azimuthDeg: 0, fieldOfViewDeg: 180, rangeM: 20 }).coordinates[0]).toHaveLength(18 + 1 + 2);
    expect(viewCone(HIM_LAM, { azimuthDeg: 0, fieldOfViewDeg: 10, rangeM: 20 }).coordinates[0]).toHaveLength(2 + 1 + 2);
  });

  it('the direction is all three stored columns or none', () => {
    expect(viewDirectionOf({ viewAzimuthDeg: 12, viewAngleDeg: 90, viewRangeM: 30 })).toEqual({
      azimuthDeg: 12,
      fieldOfViewDeg: 90,
      rangeM: 30,
    });
    expect(viewDirectionOf({ viewAzimuthDeg: null, viewAngleDeg: null, viewRangeM: null })).toBeNull();
  });
});
