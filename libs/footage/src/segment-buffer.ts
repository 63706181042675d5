/** A buffered MPEG-TS segment with its wall-clock span (epoch milliseconds, server clock). */
export interface BufferedSegment {
  path: string;
  start: number;
  end: number;
  bytes: number;
}

export interface SegmentBufferLimits {
  maxSeconds: number;
  maxBytes: number;
}

/**
 * One camera's rolling buffer, oldest first. Pruning keeps it within its duration and byte
 * limits, except for segments an open clip still needs (pinned from a time on), which are kept
 * until the clip is assembled. Pure bookkeeping: the caller deletes the files it gets back.
 */
export class SegmentBuffer {
  private readonly segments: BufferedSegment[] = [];
  private total = 0;

  constructor(private readonly limits: SegmentBufferLimits) {}

  add(segment: BufferedSegment): void {
    this.segments.push(segment);
    this.total += segment.bytes;
  }

  get bytes(): number {
    return this.total;
  }

  get count(): number {
    return this.segments.length;
  }

  /** End of the newest segment, or null when nothing is buffered. */
  get latestEnd(): number | null {
    return this.segments.at(-1)?.end ?? null;
  }

  /** Segments overlapping [from, to), in order. */
  covering(from: number, to: number): BufferedSegment[] {
    return this.segments.filter((s) => s.end > from && s.start < to);
  }

  /**
   * Removes the oldest segments beyond the limits and returns them. A segment ending after
   * `pinnedFrom` is kept whatever the limits, because an open clip will be cut from it.
   */
  prune(pinnedFrom: number | null): BufferedSegment[] {
    const removed: BufferedSegment[] = [];
    const newest = this.latestEnd ?? 0;
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      const over = newest - oldest.start > this.limits.maxSeconds * 1000 || this.total > this.limits.maxBytes;
      if (!over) break;
      if (pinnedFrom !== null && oldest.end > pinnedFrom) break;
      this.segments.shift();
      this.total -= oldest.bytes;
      removed.push(oldest);
    }
    return removed;
  }

  /** Empties the buffer (recording stopped) and returns what was in it. */
  clear(): BufferedSegment[] {
    const all = this.segments.splice(0);
    this.total = 0;
    return all;
  }
}
