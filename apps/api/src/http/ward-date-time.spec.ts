import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isIanaTimeZone } from '@wardwatch/config';
import { parseWardDateTime, WardDateTime } from './ward-date-time';

class Window {
  @WardDateTime() from: Date;
}

const read = (from: unknown, wardTimeZone?: string) => {
  const dto = plainToInstance(Window, { from }, { wardTimeZone } as object);
  return { dto, errors: validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {})) };
};

// These cases name their instants in UTC and never use the process's zone, so they hold under any TZ
// (the check `TZ=America/New_York npx jest apps/api/src/http/ward-date-time.spec.ts` gives the same).
describe('date-times: an offset is an instant, none is read in the ward time zone', () => {
  it('without an offset, the wall-clock time is read in the ward zone (Asia/Ho_Chi_Minh is UTC+7)', () => {
    expect(parseWardDateTime('2026-12-01T21:30', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(parseWardDateTime('2026-12-01T00:15:30.25', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-11-30T17:15:30.250Z');
  });

  it('with an offset it is that instant, whatever the ward zone', () => {
    expect(parseWardDateTime('2026-12-01T14:30:00Z', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(parseWardDateTime('2026-12-01T21:30+07:00', 'Europe/Paris')?.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(parseWardDateTime('2026-12-01T09:30-0500', 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2026-12-01T14:30:00.000Z');
  });

  it('another configured zone applies its own offset, daylight saving included', () => {
    expect(parseWardDateTime('2026-12-01T09:30', 'America/New_York')?.toISOString()).toBe('2026-12-01T14:30:00.000Z'); // EST
    expect(parseWardDateTime('2026-07-01T09:30', 'America/New_York')?.toISOString()).toBe('2026-07-01T13:30:00.000Z'); // EDT
    expect(parseWardDateTime('2026-12-01T14:30', 'UTC')?.toISOString()).toBe('2026-12-01T14:30:00.000Z');
  });

  it.each([
    '2026-12-01',
    '2026-12-01 21:30',
    '21:30',
    '2026-02-30T10:00',
    '2026-13-01T10:00',
    '2026-12-01T24:00',
    'tomorrow',
    '1764599400000',
    '',
  ])('refuses %j', (text) => expect(parseWardDateTime(text, 'Asia/Ho_Chi_Minh')).toBeNull());

  it('the decorator reads in the zone the transform options carry, and the default ward zone without one (never the process zone)', () => {
    expect(read('2026-12-01T21:30', 'Asia/Ho_Chi_Minh').dto.from.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(read('2026-12-01T21:30').dto.from.toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(read('2026-12-01T09:30', 'America/New_York').dto.from.toISOString()).toBe('2026-12-01T14:30:00.000Z');
  });

  it('anything else is refused, naming the field and the expected form', () => {
    const [message] = read('01/12/2026 21:30').errors;
    expect(message).toMatch(
      /^from must be an ISO 8601 date-time with an offset \(2026-12-01T14:30:00Z.*without one, read in the ward's time zone \(2026-12-01T21:30\)/,
    );
    expect(read(['2026-12-01T21:30', '2026-12-02T21:30']).errors).toHaveLength(1);
    expect(read(undefined).errors[0]).toMatch(/^from is required: an ISO 8601 date-time/);
  });

  it('WARD_TIME_ZONE must be an IANA zone name the runtime knows', () => {
    expect(['Asia/Ho_Chi_Minh', 'America/Argentina/Buenos_Aires', 'UTC', 'Europe/Paris'].every(isIanaTimeZone)).toBe(true);
    expect(['+07:00', 'GMT+7', 'Asia/Nowhere', 'ICT', '', 'Asia/Ho Chi Minh'].some(isIanaTimeZone)).toBe(false);
  });
});
