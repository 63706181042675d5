/** What one worker can serve in full: every camera's events, and the video of the cameras that have it. */
export interface WorkerCapacity {
  /** Cameras in all (INGEST_MAX_CAMERAS): each has an event subscription. */
  cameras: number;
  /** Of those, cameras whose video it buffers (CLIP_MAX_CAMERAS). */
  video: number;
}

/** How many cameras of each kind this worker may hold now. */
export interface HoldingCaps {
  /** Cameras with video (events and buffer). */
  video: number;
  /** Cameras with events only (no clip consent or no stream address). */
  eventsOnly: number;
  /** Both together. */
  total: number;
}

/**
 * A fair share of each kind per live worker, within what the worker can serve: a worker that joins
 * takes some of both kinds, and a camera with video is taken only by a worker that can buffer it
 * (it counts against both capacities; one with events only, against the camera capacity alone).
 */
export function holdingCaps(capacity: WorkerCapacity, targets: { video: number; eventsOnly: number }, workers: number): HoldingCaps {
  const live = Math.max(1, workers);
  const total = capacity.cameras;
  const video = Math.min(capacity.video, total, Math.ceil(targets.video / live));
  const eventsOnly = Math.min(total, Math.ceil(targets.eventsOnly / live));
  return { video, eventsOnly, total };
}

/** Whether one more camera of this kind fits within the caps, given what is held. */
export function fitsCaps(caps: HoldingCaps, held: { video: number; eventsOnly: number }, video: boolean): boolean {
  if (held.video + held.eventsOnly >= caps.total) return false;
  return video ? held.video < caps.video : held.eventsOnly < caps.eventsOnly;
}
