/** The ward's time zone when none is configured: the programme's wards are in Việt Nam. */
export const DEFAULT_WARD_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * An IANA zone name (`Area/Location`, or `UTC`) that this Node's ICU knows. Offsets such as
 * `+07:00` are refused even where Intl would take them: a zone name keeps daylight-saving rules.
 */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
