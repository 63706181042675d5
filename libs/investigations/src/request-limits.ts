/**
 * Issue 13: one request covers at most FOOTAGE_REQUEST_MAX_AREA_KM2 and FOOTAGE_REQUEST_MAX_WINDOW_HOURS
 * unless the officer writes why more is needed; such a request always goes to a supervisor, who reads
 * the justification. Pure, so the numbers in the refusal are tested without a database.
 */

/** The shortest justification that counts as written reasoning rather than "urgent". */
export const JUSTIFICATION_MIN_CHARS = 30;
export const JUSTIFICATION_MAX_CHARS = 2000;

export interface RequestLimits {
  maxAreaKm2: number;
  maxWindowHours: number;
}

/** One limit a request goes beyond: which, what was measured, and the limit, in the limit's unit. */
export interface ExceededLimit {
  limit: 'area' | 'window';
  unit: 'km2' | 'hours';
  measured: number;
  max: number;
}

/** Rounded for people: km² to 4 places (100 m²), hours to 2 (under a minute). */
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** The limits a request of this area (m²; null when not measured) and window goes beyond, area first. */
export function exceededLimits(areaM2: number | null, windowMs: number, limits: RequestLimits): ExceededLimit[] {
  const exceeded: ExceededLimit[] = [];
  if (areaM2 !== null && areaM2 > limits.maxAreaKm2 * 1e6) {
    exceeded.push({ limit: 'area', unit: 'km2', measured: round(areaM2 / 1e6, 4), max: limits.maxAreaKm2 });
  }
  if (windowMs > limits.maxWindowHours * 3_600_000) {
    exceeded.push({ limit: 'window', unit: 'hours', measured: round(windowMs / 3_600_000, 2), max: limits.maxWindowHours });
  }
  return exceeded;
}

/** The refusal's detail: each limit with its numbers, and the two ways on. */
export function exceededDetail(exceeded: ExceededLimit[]): string {
  const parts = exceeded.map((e) =>
    e.limit === 'area'
      ? `the area is ${e.measured} km², more than the ${e.max} km² one request may cover`
      : `the window is ${e.measured} hours, longer than the ${e.max} hours one request may cover`,
  );
  return (
    `${parts.join('; and ')}. Narrow the request (a smaller area or a shorter window), or give a written justification ` +
    `(justification, at least ${JUSTIFICATION_MIN_CHARS} characters) that a supervisor will read before deciding`
  );
}
