/**
 * An OpenStreetMap-like export of a ward's streets (as Overpass turbo writes it: pretty-printed,
 * every way with its tags): `named` streets of `waysPerStreet` ways each (12 nodes a way) from
 * `origin` [lon, lat], plus an unnamed way, a named point and a named area (to be skipped).
 */
export function osmLikeExport(
  named: number,
  waysPerStreet = 3,
  origin: [number, number] = [103.02, 21.38],
): { type: 'FeatureCollection'; features: object[] } {
  const features: object[] = [];
  let way = 100_000;
  for (let s = 0; s < named; s++) {
    for (let w = 0; w < waysPerStreet; w++) {
      const lon = origin[0] + s * 0.0004;
      const lat = origin[1] + w * 0.002;
      features.push({
        type: 'Feature',
        id: `way/${++way}`,
        properties: {
          '@id': `way/${way}`,
          highway: s % 3 === 0 ? 'residential' : 'tertiary',
          name: `Phố Thử Nghiệm ${s + 1}`,
          'name:vi': `Phố Thử Nghiệm ${s + 1}`,
          'name:en': `Test Street ${s + 1}`,
          surface: 'asphalt',
          oneway: 'no',
        },
        geometry: {
          type: 'LineString',
          coordinates: Array.from({ length: 12 }, (_, i) => [+(lon + i * 0.00011).toFixed(7), +(lat + i * 0.00013).toFixed(7)]),
        },
      });
    }
  }
  features.push({
    type: 'Feature',
    id: 'way/1',
    properties: { '@id': 'way/1', highway: 'service' },
    geometry: {
      type: 'LineString',
      coordinates: [
        [103.02, 21.38],
        [103.021, 21.381],
      ],
    },
  });
  features.push({
    type: 'Feature',
    id: 'node/2',
    properties: { '@id': 'node/2', name: 'Chợ Him Lam', amenity: 'marketplace' },
    geometry: { type: 'Point', coordinates: [103.03, 21.39] },
  });
  features.push({
    type: 'Feature',
    id: 'way/3',
    properties: { '@id': 'way/3', name: 'Sân vận động', leisure: 'stadium' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [103.03, 21.39],
          [103.031, 21.39],
          [103.031, 21.391],
          [103.03, 21.39],
        ],
      ],
    },
  });
  return { type: 'FeatureCollection', features };
}
