/**
 * The footage timeline's geometry, pure (unit-tested): where events, gaps and hour or day ticks sit
 * on a line from `from` to `to`, in the ward's time zone (ticks fall on the ward's whole hours and
 * midnights, whatever zone the phone is in).
 */
import { zoneOffsetMs } from '../i18n/zone';

export { zoneOffsetMs };

export interface Span {
  startedAt: string | Date;
  endedAt: string | Date | null;
}

/** Fraction 0..1 of the window at instant `t`, clamped. */
export function position(t: number, from: number, to: number): number {
  return Math.min(1, Math.max(0, (t - from) / (to - from)));
}

/** A span's [start, end] fractions; an open span (null end) runs to the window's end. */
export function spanOf(span: Span, from: number, to: number): [number, number] {
  const start = new Date(span.startedAt).getTime();
  const end = span.endedAt === null ? to : new Date(span.endedAt).getTime();
  return [position(start, from, to), position(Math.max(start, end), from, to)];
}

/** Instants of the ward's whole `stepHours` (6: 00:00, 06:00, 12:00, 18:00; 24: midnights) inside (from, to]. */
export function ticks(from: number, to: number, stepHours: number, timeZone: string): number[] {
  const step = stepHours * 3_600_000;
  const offset = zoneOffsetMs(from, timeZone);
  const out: number[] = [];
  // Wall-clock time as if UTC, floored to the step, then back to instants.
  for (let wall = Math.floor((from + offset) / step) * step + step; wall - offset <= to; wall += step) out.push(wall - offset);
  return out;
}
