import type { CameraHealth, ActiveHours, SharingMode } from '@wardwatch/cameras';

/** What an officer asks, as the API receives it (one place criterion, a time window). */
export interface CameraSearchParams {
  street?: string;
  houseFrom?: string;
  houseTo?: string;
  lat?: number;
  lon?: number;
  radiusM?: number;
  wardId?: string;
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
  | { kind: 'ward'; wardId: string };

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
 * radius: (distance, 0); ward: (0, 0).
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
  /** Metres from the searched point (radius searches). */
  distanceM: number | null;
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
}

export interface SearchPage {
  place: PlaceCriterion;
  window: { from: string; to: string };
  cameras: CameraHit[];
  next: SearchCursor | null;
}
