/** A motion episode as capture sees it (epoch ms; `end` null while the motion goes on). */
export interface Episode {
  id: string;
  start: number;
  end: number | null;
}

/** A clip already planned (any status); `to` null while it is still growing. */
export interface PlannedClip {
  id?: string;
  motionEventId: string;
  sequence: number;
  from: number;
  to: number | null;
  status: 'capturing' | 'assembled' | 'stored' | 'failed';
}

export interface ClipPlanSettings {
  preRollMs: number;
  postRollMs: number;
  maxMs: number;
}

export interface ClipPlan {
  create: PlannedClip[];
  /** Capturing clips whose end moved (motion went on, or restarted within the post-roll). */
  extend: { id: string; to: number | null }[];
}

/**
 * Decides which clips a camera's recent motion needs, from the episodes and the clips that exist
 * (so it can run again every tick and after a restart without making a clip twice):
 * - an episode that starts outside every clip opens one at [start - pre-roll, end + post-roll];
 * - motion that restarts within a capturing clip's post-roll extends that clip (one clip per
 *   episode of activity), up to the maximum length;
 * - motion that goes on past the maximum continues in consecutive clips (sequence 1, 2, ...).
 * Episodes that began before the buffer existed (`bufferedSince`) get no clip: there is no video;
 * a clip never starts before it.
 *
 * A failed clip covers no later motion. Capture can stop while a clip is still growing (credentials
 * or stream address changed, lease moved, consent paused): the clip fails with its end still open,
 * and if it still "contained" later starts, every later motion of the camera would get no clip,
 * for good. Only its own episode stays without a new clip (it had its try).
 */
export function planClips(episodes: Episode[], existing: PlannedClip[], s: ClipPlanSettings, now: number, bufferedSince: number): ClipPlan {
  const clips = existing.map((c) => ({ ...c }));
  const created: PlannedClip[] = [];
  const moved = new Map<string, number | null>();
  const cap = (c: PlannedClip) => c.from + s.maxMs;
  const endOf = (c: PlannedClip, desired: number | null): number | null =>
    desired === null ? (now >= cap(c) ? cap(c) : null) : Math.min(desired, cap(c));
  const containing = (t: number) => clips.find((c) => c.status !== 'failed' && c.from <= t && (c.to === null || t < c.to));

  for (const e of [...episodes].sort((a, b) => a.start - b.start)) {
    const desired = e.end === null ? null : e.end + s.postRollMs;
    let clip = containing(e.start);
    if (!clip) {
      if (e.start < bufferedSince || clips.some((c) => c.motionEventId === e.id)) continue;
      // Motion just after buffering began gets the pre-roll there is rather than none.
      clip = { motionEventId: e.id, sequence: 0, from: Math.max(e.start - s.preRollMs, bufferedSince), to: null, status: 'capturing' };
      clip.to = endOf(clip, desired);
      clips.push(clip);
      created.push(clip);
    }
    for (;;) {
      if (clip.status === 'capturing') {
        const to = clip.to === null || desired === null ? endOf(clip, desired) : endOf(clip, Math.max(clip.to, desired));
        if (to !== clip.to) {
          clip.to = to;
          if (clip.id) moved.set(clip.id, to);
        }
      }
      // Past the maximum length: the motion continues in the next clip.
      const capped = clip.to !== null && clip.to >= cap(clip);
      const goesOn = desired === null ? now > cap(clip) : desired > cap(clip);
      if (!capped || !goesOn) break;
      const from = cap(clip);
      let next = clips.find((c) => c.from === from);
      if (!next) {
        const sequence = Math.max(-1, ...clips.filter((c) => c.motionEventId === e.id).map((c) => c.sequence)) + 1;
        next = { motionEventId: e.id, sequence, from, to: null, status: 'capturing' };
        next.to = endOf(next, desired);
        clips.push(next);
        created.push(next);
      }
      clip = next;
    }
  }
  return { create: created, extend: [...moved].map(([id, to]) => ({ id, to })) };
}
