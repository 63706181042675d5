import type { GeoJsonPolygonInput } from '@wardwatch/places';

export const INVESTIGATION_STATUSES = ['open', 'closed'] as const;
export type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number];

/**
 * A footage request as a whole. Supervisor first, then each camera's owner (DESIGN: owners never
 * see requests a supervisor rejects):
 * pending_supervisor -> pending_owner -> released | partially_released | declined | expired;
 * cancelled when the investigation is closed while the request is still pending.
 */
export const REQUEST_STATES = [
  'pending_supervisor',
  'pending_owner',
  'released',
  'partially_released',
  'declined',
  'expired',
  'cancelled',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * One camera of a request: rejected is the supervisor's no (for every camera of the request),
 * declined is the owner's no for this camera only (or consent that ended before the owner answered).
 */
export const CAMERA_REQUEST_STATES = [
  'pending_supervisor',
  'pending_owner',
  'released',
  'declined',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type CameraRequestState = (typeof CAMERA_REQUEST_STATES)[number];

export const PENDING_CAMERA_STATES: readonly CameraRequestState[] = ['pending_supervisor', 'pending_owner'];

/** How the officer chose the cameras; kept with the request so that the choice can be reviewed. */
export type CameraSelection =
  | { kind: 'cameras' }
  | { kind: 'radius'; latitude: number; longitude: number; radiusMetres: number }
  | { kind: 'ward'; wardId: string }
  | { kind: 'polygon'; polygon: GeoJsonPolygonInput };

export const LINK_KINDS = ['view', 'download'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const LINK_ASSETS = ['clip', 'thumbnail'] as const;
export type LinkAsset = (typeof LINK_ASSETS)[number];
