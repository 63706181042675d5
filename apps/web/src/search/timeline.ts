/**
 * The multi-camera timeline's geometry, pure (unit-tested): the tick step for the visible span,
 * tick instants on the ward's whole minutes and hours (the zone math is i18n/zone.ts, shared with the
 * footage timeline), the zoom that keeps the searched moment in view, and which kind of mark an
 * event gets.
 */
import { zoneOffsetMs } from '../i18n/zone';

export { position, spanOf } from '../footage/timeline';

const MINUTE = 60_000;
/** Tick steps a reader counts in: 1, 5, 10, 15, 30 minutes; 1, 2, 3, 6, 12 hours; a day. */
const STEPS_MIN = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** The smallest step that leaves at least `minPx` between ticks on a line `widthPx` wide showing `spanMs`. */
export function tickStep(spanMs: number, widthPx: number, minPx = 90): number {
  const perPx = spanMs / Math.max(1, widthPx);
  for (const step of STEPS_MIN) if ((step * MINUTE) / perPx >= minPx) return step * MINUTE;
  return STEPS_MIN[STEPS_MIN.length - 1] * MINUTE;
}

/** Instants in [from, to] where the ward's clock reads a whole multiple of `stepMs` (from its midnight). */
export function wardTicks(from: number, to: number, stepMs: number, timeZone: string): number[] {
  const offset = zoneOffsetMs(from, timeZone);
  const out: number[] = [];
  for (let wall = Math.ceil((from + offset) / stepMs) * stepMs; wall - offset <= to; wall += stepMs) out.push(wall - offset);
  return out;
}

/** Zoom levels: how many times the window's width the line is drawn. */
export const ZOOMS = [1, 2, 4, 8, 16, 32] as const;

/** The first zoom: the whole window when it is up to two hours, else about two hours per screen. */
export function initialZoom(spanMs: number): number {
  const wanted = spanMs / (120 * MINUTE);
  return ZOOMS.find((z) => z >= wanted) ?? ZOOMS[ZOOMS.length - 1];
}

/** The scroll offset that puts `fraction` of a line `scrollWidth` wide in the middle of a view `clientWidth` wide. */
export function scrollToCentre(fraction: number, scrollWidth: number, clientWidth: number): number {
  return Math.max(0, Math.min(scrollWidth - clientWidth, fraction * scrollWidth - clientWidth / 2));
}

export type MarkKind = 'motion' | 'analytics' | 'other';
export const markKind = (kind: string): MarkKind => (kind === 'motion' || kind === 'analytics' ? kind : 'other');
