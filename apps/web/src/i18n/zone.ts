/**
 * Time-zone arithmetic for the ward's zone, pure (no DOM, unit-tested under Node): the one place
 * that turns an instant into the ward's wall clock and back. The footage timeline's ticks and the
 * console's search ("21:30 hôm qua" means 21:30 in the ward, whatever zone the officer's computer is
 * set to) both use it, so the two cannot disagree.
 */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A wall-clock reading in the ward: month 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** The ward's wall clock at an instant. */
export function wallTimeAt(instant: number, timeZone: string): Required<WallTime> {
  const parts = partsFormatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in ms (Asia/Ho_Chi_Minh: +7 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the ward's clock reads `wall`. Out-of-range fields roll over as Date.UTC
 * does (day 0 is the last of the previous month, hour 24 the next midnight). Around a change of
 * offset the reading after the change wins (the zones this app serves have none).
 */
export function instantOf(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  return asUtc - zoneOffsetMs(first, timeZone);
}

/** The ward's calendar date `days` after the one at `instant` (negative: before). */
export function wardDatePlus(instant: number, days: number, timeZone: string): { year: number; month: number; day: number } {
  const w = wallTimeAt(instant, timeZone);
  const shifted = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** "2026-11-30T21:30" in the ward (an `<input type="datetime-local">` value) for an instant. */
export function toLocalInput(instant: number, timeZone: string): string {
  const w = wallTimeAt(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}

/** The instant of a `datetime-local` value read as the ward's wall clock; null when it is not one. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((s) => (s === undefined ? 0 : Number(s)));
  return instantOf({ year, month, day, hour, minute, second }, timeZone);
}
