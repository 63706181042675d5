import { readFileSync } from 'node:fs';

/**
 * A ward's seed data in one GeoJSON FeatureCollection: the boundary, the streets and alleys, and the
 * cameras residents enrol there (with their owners, addresses, view directions and consents). The
 * demo ward (config/demo/him-lam.geojson, synthetic) is one; tests and the officers' map read the
 * same file. Features carry `properties.layer` ('ward' | 'street' | 'camera'); the residents are a
 * foreign member of the collection (GeoJSON allows them), since people have no geometry.
 */
export interface WardSeed {
  type: 'FeatureCollection';
  /** Bumped when the data changes in a way a reader would notice. */
  version: number;
  synthetic: boolean;
  notice: string;
  ward: { code: string; name: string };
  residents: SeedResident[];
  features: SeedFeature[];
}

export interface SeedResident {
  /** Stable key the cameras refer to (the e-mail's local part). */
  key: string;
  email: string;
  displayName: string;
  /** What the resident's cameras watch: a home, a shop, or a business with many cameras. */
  kind: 'household' | 'shop' | 'business';
}

export interface SeedConsent {
  purposes: ('event_metadata' | 'clips' | 'police_search')[];
  retentionDays: number;
  sharingMode: 'ask' | 'auto_release';
  activeHours: { from: string; to: string } | null;
  noticeVersion: string;
  noticeLanguage: 'vi' | 'en';
  /** After enrolment the owner paused sharing (a paused camera is not subscribed). */
  state: 'given' | 'paused';
}

export interface WardFeature {
  type: 'Feature';
  properties: { layer: 'ward'; code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
}

export interface StreetFeature {
  type: 'Feature';
  properties: { layer: 'street'; name: string; kind: 'street' | 'alley' };
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

export interface CameraFeature {
  type: 'Feature';
  properties: {
    layer: 'camera';
    /** Simulator camera number (its ONVIF port is the simulator's base port + number - 1). */
    number: number;
    owner: string;
    label: string;
    street: string;
    houseNumber: string;
    alley: string | null;
    residentialGroup: string;
    /** Direction of view: compass bearing of the view's centre (0 = north, clockwise) and its width. */
    bearingDeg: number;
    fieldOfViewDeg: number;
    facingNote: string;
    /** true: streams video (and clips); false: an event-only camera (events, no stream). */
    video: boolean;
    consent: SeedConsent;
  };
  geometry: { type: 'Point'; coordinates: [number, number] };
}

export type SeedFeature = WardFeature | StreetFeature | CameraFeature;

export function readWardSeed(path: string): WardSeed {
  const seed = JSON.parse(readFileSync(path, 'utf8')) as WardSeed;
  if (seed.type !== 'FeatureCollection' || !Array.isArray(seed.features) || !seed.ward?.code) {
    throw new Error(`${path} is not a ward seed (a FeatureCollection with ward, residents and features)`);
  }
  return seed;
}

export const seedWard = (seed: WardSeed): WardFeature => {
  const ward = seed.features.find((f): f is WardFeature => f.properties.layer === 'ward');
  if (!ward) throw new Error(`the seed of ${seed.ward.code} has no ward feature`);
  return ward;
};
export const seedStreets = (seed: WardSeed): StreetFeature[] =>
  seed.features.filter((f): f is StreetFeature => f.properties.layer === 'street');
export const seedCameras = (seed: WardSeed): CameraFeature[] =>
  seed.features
    .filter((f): f is CameraFeature => f.properties.layer === 'camera')
    .sort((a, b) => a.properties.number - b.properties.number);

/** The body of POST /wards/import: the boundary alone. */
export const wardImportBody = (seed: WardSeed) => ({ type: 'FeatureCollection' as const, features: [seedWard(seed)] });
/** The body of POST /wards/:id/streets/import: the streets and alleys. */
export const streetImportBody = (seed: WardSeed) => ({ type: 'FeatureCollection' as const, features: seedStreets(seed) });
