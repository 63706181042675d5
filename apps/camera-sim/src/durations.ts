/**
 * Time values as ONVIF and the command line write them. Pure functions, unit-tested.
 */

const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An xs:duration such as `PT1M`, `PT2.5S`, `P1DT2H` in milliseconds, or undefined when it is not one. */
export function parseIsoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const m = ISO_DURATION.exec(trimmed);
  // "P" and "PT" alone match the pattern but mean nothing.
  if (!m || trimmed === 'P' || trimmed.endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  // Years and months have no fixed length; cameras treat them as 365 and 30 days, and so do we.
  const seconds = y * 365 * 86400 + mo * 30 * 86400 + w * 7 * 86400 + d * 86400 + h * 3600 + mi * 60 + s;
  return Math.round(seconds * 1000);
}

/**
 * A WS-BaseNotification termination time: either a duration from now or an absolute xs:dateTime.
 * Absolute times are in the camera's clock, so the caller passes the camera's "now" to turn the
 * answer into a length. Returns the length in milliseconds (may be <= 0), or undefined if unreadable.
 */
export function parseTerminationTime(text: string, cameraNowMs: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('P')) return parseIsoDuration(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : at - cameraNowMs;
}

/** A command-line duration: `500ms`, `10s`, `2m`, `1h`, or a bare number of seconds. */
export function parseCliDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(value * factor);
}

/** An xs:dateTime in UTC with milliseconds, as cameras write UtcTime and CurrentTime. */
export function xsDateTime(ms: number): string {
  return new Date(ms).toISOString();
}
