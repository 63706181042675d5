import type { CameraLifecycle, ConsentPurpose, ConsentState, SharingMode } from '@wardwatch/cameras';
import type { CameraRequestState, RequestState } from './investigation.types';

/** What the rules need to know about a camera and its current consent version. */
export interface CameraConsentSnapshot {
  cameraId: string;
  ownerId: string;
  lifecycle: CameraLifecycle;
  consentVersion: number | null;
  consentState: ConsentState | null;
  purposes: ConsentPurpose[] | null;
  sharingMode: SharingMode | null;
}

/**
 * Why a camera cannot be asked for footage, or null when it can. Consent decides: the camera must
 * be searchable by the police (`police_search`), share clips (`clips`), and be neither paused nor
 * withdrawn.
 */
export function whyNotRequestable(c: CameraConsentSnapshot): string | null {
  if (c.consentState === null || c.purposes === null) return 'the camera has no consent on record';
  if (c.consentState === 'withdrawn') return 'its owner withdrew consent';
  if (c.consentState === 'paused') return 'its owner paused consent';
  if (c.lifecycle !== 'active') return `the camera is ${c.lifecycle}, not active`;
  if (!c.purposes.includes('police_search')) return 'its owner did not consent to police search (police_search)';
  if (!c.purposes.includes('clips')) return 'its owner did not consent to sharing clips (clips)';
  return null;
}

/**
 * The request's state from its cameras' states. Pending cameras keep the request pending (the
 * supervisor step before the owners'); once none is pending, any release makes it released (all)
 * or partially released (some); with none released, an expiry names the outcome, then a
 * cancellation, else it was declined (by the supervisor or every owner).
 */
export function requestStateOf(cameras: readonly CameraRequestState[]): RequestState {
  if (cameras.length === 0) throw new Error('a footage request has at least one camera');
  if (cameras.includes('pending_supervisor')) return 'pending_supervisor';
  if (cameras.includes('pending_owner')) return 'pending_owner';
  const released = cameras.filter((s) => s === 'released').length;
  if (released === cameras.length) return 'released';
  if (released > 0) return 'partially_released';
  if (cameras.includes('expired')) return 'expired';
  if (cameras.includes('cancelled')) return 'cancelled';
  return 'declined';
}

/** A request state in which nothing more will be decided. */
export function isSettled(state: RequestState): boolean {
  return state !== 'pending_supervisor' && state !== 'pending_owner';
}
