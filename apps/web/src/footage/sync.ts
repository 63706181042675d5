/**
 * Synchronised playback of released clips on one shared time axis: the pure arithmetic, so the
 * player component only moves videos. Every instant is epoch milliseconds (the ward's time zone is
 * a matter of display only); each clip is placed by its true startedAt/endedAt (stream copy cuts at
 * keyframes, so these, not the request's window, are where its first and last frames are).
 */

export interface PlacedClip {
  /** Epoch ms of the clip's first frame. */
  start: number;
  /** Epoch ms of its last frame. */
  end: number;
}

/** What the API says about a clip's timing; `durationMs` fills a missing `endedAt`. */
export interface ClipTiming {
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
}

/** A clip on the axis, or null when it cannot be placed (no start, or no length). */
export function place(clip: ClipTiming): PlacedClip | null {
  if (!clip.startedAt) return null;
  const start = Date.parse(clip.startedAt);
  const end = clip.endedAt ? Date.parse(clip.endedAt) : clip.durationMs !== null ? start + clip.durationMs : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return null;
  return { start, end };
}

/** The axis spanning every placed clip: from the earliest start to the latest end; null for none. */
export function axisOf(clips: readonly (PlacedClip | null)[]): PlacedClip | null {
  const placed = clips.filter((c): c is PlacedClip => c !== null);
  if (placed.length === 0) return null;
  return { start: Math.min(...placed.map((c) => c.start)), end: Math.max(...placed.map((c) => c.end)) };
}

/**
 * Where a video must be (its currentTime, in seconds) at shared instant `at`, or null when the
 * instant is outside its clip ("no footage at this moment"). The end is inclusive: the last frame
 * stays on screen at the very end of the axis.
 */
export function videoTimeAt(clip: PlacedClip | null, at: number): number | null {
  if (!clip || at < clip.start || at > clip.end) return null;
  return (at - clip.start) / 1000;
}

/** The shared instant a video's currentTime stands for (the inverse of videoTimeAt). */
export const sharedTimeOf = (clip: PlacedClip, currentTime: number) => clip.start + currentTime * 1000;

/** Re-sync a video this far (seconds) off the master clock; below it, let it play on (seeking costs a stall). */
export const DRIFT_TOLERANCE_S = 0.3;

/**
 * What to do with one video at master instant `at`: `hide` (outside its clip: pause it, show the
 * notice), `seek` to `time` (more than the tolerance off, or just coming into its span), or `keep`.
 */
export type SyncAction = { kind: 'hide' } | { kind: 'seek'; time: number } | { kind: 'keep' };

export function syncAction(clip: PlacedClip | null, at: number, currentTime: number, tolerance = DRIFT_TOLERANCE_S): SyncAction {
  const expected = videoTimeAt(clip, at);
  if (expected === null) return { kind: 'hide' };
  return Math.abs(currentTime - expected) > tolerance ? { kind: 'seek', time: expected } : { kind: 'keep' };
}

/** The master clock's instant after `elapsedMs` of playing from `from`, stopped at the axis's end. */
export function advance(axis: PlacedClip, from: number, elapsedMs: number, rate = 1): number {
  return Math.min(axis.end, Math.max(axis.start, from + elapsedMs * rate));
}

/** The instant for a scrubber position (0…1) and back: one scrubber for every video. */
export const instantAt = (axis: PlacedClip, fraction: number) => axis.start + Math.min(1, Math.max(0, fraction)) * (axis.end - axis.start);
export const fractionOf = (axis: PlacedClip, at: number) =>
  axis.end === axis.start ? 0 : Math.min(1, Math.max(0, (at - axis.start) / (axis.end - axis.start)));

/** Up to `max` clips for the grid by default: the first clip of each of the first `max` cameras. */
export function defaultSelection<T extends { clipId: string; camera: { id: string } }>(clips: readonly T[], max = 9): string[] {
  const seen = new Set<string>();
  const picked: string[] = [];
  for (const clip of clips) {
    if (seen.has(clip.camera.id)) continue;
    seen.add(clip.camera.id);
    picked.push(clip.clipId);
    if (picked.length === max) break;
  }
  return picked;
}
