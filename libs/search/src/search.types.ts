import type { CameraHealth, ActiveHours, GeoJsonPolygon, SharingMode } from '@wardwatch/cameras';

/** What an officer asks, as the API receives it (one place criterion, a time window). */
export interface CameraSearchParams {
  street?: string;
  houseFrom?: string;
  houseTo?: string;
  lat?: number;
  lon?: number;
  radiusM?: number;
  wardId?: string;
  /** A GeoJSON Polygon ([longitude, latitude], one closed outer ring); checked by parseCameraSearch and then by PostGIS. */
  polygon?: unknown;
  from: Date;
  to: Date;
  /** The `next` of the previous page. */
  after?: SearchCursor;
  limit?: number;
  /** The investigation the search is for; recorded in the audit log (searches without one are flagged later). */
  investigationId?: string;
}

/** Where to look: exactly one kind. */
export type PlaceCriterion =
  | {
      kind: 'street';
      street: string;
      /** Main house numbers, inclusive; "12A" and "12/3" count as 12. */
      houseFrom: number | null;
      houseTo: number | null;
      /** Narrows a street to one ward (the same street name runs through several). */
      wardId: string | null;
    }
  | { kind: 'radius'; latitude: number; longitude: number; radiusM: number }
  /** An area drawn on the map (POST /search/cameras only). */
  | { kind: 'polygon'; polygon: GeoJsonPolygon }
  | { kind: 'ward'; wardId: string };

/** The kinds that search an area (a circle or a polygon): ranked by view cones, with coverage. */
export type AreaCriterion = Extract<PlaceCriterion, { kind: 'radius' | 'polygon' }>;
export const isAreaCriterion = (place: PlaceCriterion): place is AreaCriterion => place.kind === 'radius' || place.kind === 'polygon';

export type SearchKind = PlaceCriterion['kind'];

export interface CameraSearch {
  place: PlaceCriterion;
  from: Date;
  to: Date;
  after: SearchCursor | null;
  limit: number;
}

/**
 * Keyset position: results are ordered by (k1, k2, camera id). street: (-similarity, house number);
 * ward: (0, 0); radius and polygon: cameras whose view cone reaches into the area first, by
 * (-1 - covered fraction, metres from the centre), then the others by (metres from the area, metres
 * from the centre).
 */
export interface SearchCursor {
  k1: number;
  k2: number;
  id: string;
}

export interface SearchEvent {
  id: string;
  kind: string;
  topic: string;
  startedAt: string;
  endedAt: string | null;
  /** A stored clip exists for this event (it still needs a release to be seen). */
  hasClip: boolean;
}

export interface SearchGap {
  reason: string;
  startedAt: string;
  endedAt: string | null;
}

export interface CameraHit {
  id: string;
  label: string;
  address: {
    ward: { id: string; code: string; name: string };
    street: string;
    houseNumber: string;
    alley: string | null;
    residentialGroup: string | null;
  };
  location: { latitude: number; longitude: number };
  /** Metres from the searched point (radius) or from the polygon's centroid (polygon); null otherwise. */
  distanceM: number | null;
  /** Metres from the searched area's edge, 0 inside it (radius and polygon searches); null otherwise. */
  distanceToAreaM: number | null;
  /** How closely the camera's street matches the searched name, 0-1 (street searches). */
  streetSimilarity: number | null;
  health: CameraHealth;
  /** The consent in force: police search is always allowed here (others never appear). */
  consent: { version: number; policeSearch: true; clips: boolean; sharingMode: SharingMode; activeHours: Required<ActiveHours> | null };
  /** Events in the window (only those inside the consent's active hours), oldest first, at most EVENTS_PER_CAMERA. */
  events: SearchEvent[];
  eventsTruncated: boolean;
  /** Spans in the window in which the service could not see this camera. */
  gaps: SearchGap[];
  /** Where the camera looks (its owner's direction of view), or null when the owner gave none. */
  viewCone: GeoJsonPolygon | null;
  /**
   * Area searches: whether the view cone reaches into the searched area and what fraction of the area
   * it sees (null without a cone). Street and ward searches: { viewCovers: false, coveredFraction: null }.
   */
  coverage: { viewCovers: boolean; coveredFraction: number | null };
}

export interface GeoJsonMultiPolygon {
  type: 'MultiPolygon';
  coordinates: [number, number][][][];
}

/** What the consenting cameras' view cones leave unseen of a searched area. */
export interface AreaCoverage {
  /** The searched area as a polygon (a circle as a 64-sided polygon). */
  area: GeoJsonPolygon;
  areaM2: number;
  /** The parts no consenting camera's cone covers; an empty MultiPolygon when the cones cover it all. */
  uncovered: GeoJsonMultiPolygon;
  uncoveredFraction: number;
}

export interface SearchPage {
  place: PlaceCriterion;
  window: { from: string; to: string };
  cameras: CameraHit[];
  next: SearchCursor | null;
  /** Area searches (radius, polygon) only; null for street and ward searches. */
  coverage: AreaCoverage | null;
}

/** A camera the police may search, as the officers' map draws it. */
export interface WardLayerCamera {
  id: string;
  label: string;
  street: string;
  houseNumber: string;
  location: { latitude: number; longitude: number };
  health: CameraHealth;
  viewCone: GeoJsonPolygon | null;
  /** The coverage gap still open (the service cannot see the camera now), or null. */
  openGap: { reason: string; startedAt: string } | null;
  /** When its latest event (inside the consent's active hours) started, or null. */
  lastEventAt: string | null;
  searchable: true;
}

/** A ward's cameras for the officers' map: searchable ones in full, the others by position only. */
export interface WardCameraLayer {
  wardId: string;
  cameras: WardLayerCamera[];
  /** Enrolled cameras the police may not search (pending, paused, or consent without police search): where they are, nothing more. */
  notSearchable: { location: { latitude: number; longitude: number } }[];
}
