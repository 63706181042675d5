import { registerDecorator } from 'class-validator';
import { Transform } from 'class-transformer';
import { DEFAULT_WARD_TIME_ZONE } from '@wardwatch/config';

/**
 * Date-times in queries and bodies. With an offset (`Z`, `+07:00`, `+0700`) the text is that
 * instant; without one it is a wall-clock time in the ward's time zone (WARD_TIME_ZONE), never in
 * the zone the server happens to run in. Anything else is refused, naming the field and the form.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export const DATE_TIME_FORM =
  'an ISO 8601 date-time with an offset (2026-12-01T14:30:00Z, 2026-12-01T21:30+07:00) ' +
  "or without one, read in the ward's time zone (2026-12-01T21:30)";

/** For OpenAPI descriptions of such fields. */
export const LOCAL_READING =
  "With an offset it is that instant; without one (2026-12-01T21:30) it is read in the ward's time zone (WARD_TIME_ZONE).";

/** The instant a date-time text names, reading one without an offset in `timeZone`; null when it is not one. */
export function parseWardDateTime(text: string, timeZone: string): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March: refuse a day the month does not have.
  if (new Date(wall).getUTCDate() !== day) return null;
  const offset = m[8];
  if (offset) {
    if (/^z$/i.test(offset)) return new Date(wall);
    const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
    if (Number(hh) > 23 || Number(mm) > 59) return null;
    return new Date(wall - (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000);
  }
  return new Date(wallClockToInstant(wall, timeZone));
}

/** The zone's offset from UTC at an instant, in ms (Intl, so daylight-saving rules apply). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time (given as if it were UTC) has in the zone. A time that a
 * daylight-saving change skips is read with the offset before the change, as most libraries do.
 */
function wallClockToInstant(wall: number, timeZone: string): number {
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/** Where the ValidationPipe's transform options carry the configured zone (app.factory.ts puts it there). */
export interface WardTransformOptions {
  wardTimeZone?: string;
}

/**
 * A date-time field read as described above. Use it instead of `@Type(() => Date) @IsDate()`; the
 * zone comes from the API's configuration through the ValidationPipe's transform options.
 */
export function WardDateTime(): PropertyDecorator {
  const transform = Transform(({ value, options }: { value: unknown; options: unknown }) => {
    if (value === undefined || value === null) return value; // @IsOptional decides; required fields say so
    if (typeof value !== 'string') return value instanceof Date ? value : new InvalidDateTime();
    const zone = (options as WardTransformOptions | undefined)?.wardTimeZone ?? DEFAULT_WARD_TIME_ZONE;
    return parseWardDateTime(value, zone) ?? new InvalidDateTime();
  });
  return (target: object, propertyName: string | symbol) => {
    transform(target, propertyName);
    registerDecorator({
      name: 'wardDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ property, value }) =>
          value === undefined ? `${property} is required: ${DATE_TIME_FORM}` : `${property} must be ${DATE_TIME_FORM}`,
      },
      validator: { validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()) },
    });
  };
}

/** What a text that is no date-time becomes, so that the validator refuses it (never a silent Invalid Date). */
class InvalidDateTime {}
