import type { CameraRequestState, FootageRequestSummary } from '../api';

/** The queue's filters: what waits for a supervisor now, the supervisors' decided ones, everything. */
export const QUEUE_FILTERS = ['pending', 'approved', 'rejected', 'all'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const isQueueFilter = (value: string | null): value is QueueFilter => QUEUE_FILTERS.includes(value as QueueFilter);

/** Requests waiting for a supervisor first (oldest of them first: they lapse soonest), then the rest newest first. */
export function queueOrder(items: FootageRequestSummary[]): FootageRequestSummary[] {
  const waiting = items.filter((r) => r.state === 'pending_supervisor').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const rest = items.filter((r) => r.state !== 'pending_supervisor');
  return [...waiting, ...rest];
}

/** Which limits a request goes beyond, as the key of its words (null: within the limits). */
export function limitsKey(exceeds: { area: boolean; window: boolean }): 'both' | 'area' | 'window' | null {
  if (exceeds.area && exceeds.window) return 'both';
  if (exceeds.area) return 'area';
  if (exceeds.window) return 'window';
  return null;
}

/** A window's length in whole hours and minutes. */
export function windowLength(from: string, to: string): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/**
 * A camera's state on the request's map: a fill colour and an outline dash, so that colour is never
 * the only sign (the marker's label says the state in words too).
 */
export const CAMERA_STATE_STYLE: Record<CameraRequestState, { color: string; dash?: string }> = {
  pending_supervisor: { color: '#f59e0b', dash: '4 2' },
  pending_owner: { color: '#fbbf24', dash: '2 2' },
  released: { color: '#16a34a' },
  declined: { color: '#dc2626', dash: '6 2' },
  rejected: { color: '#b91c1c', dash: '6 2' },
  expired: { color: '#9ca3af', dash: '1 3' },
  cancelled: { color: '#6b7280', dash: '1 3' },
};
