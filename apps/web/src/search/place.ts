/**
 * Where an officer looks, as POST /search/cameras takes it: a street (with a house-number range), a
 * circle, a drawn polygon or a whole ward. Types only, shared by the API layer and the pure modules.
 */

/** GeoJSON as the API writes it ([longitude, latitude] positions). */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

export type SearchPlace =
  | { kind: 'street'; street: string; houseFrom?: string; houseTo?: string; wardId?: string }
  | { kind: 'circle'; latitude: number; longitude: number; radiusM: number }
  | { kind: 'polygon'; polygon: GeoPolygon }
  | { kind: 'ward'; wardId: string };

export type PlaceKind = SearchPlace['kind'];
