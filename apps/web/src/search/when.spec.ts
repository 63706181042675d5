import { parseSearch, type ParsedSearch } from './when';

const TZ = 'Asia/Ho_Chi_Minh';
/** 2026-12-01 15:00 in the ward (08:00 UTC). */
const NOW = Date.parse('2026-12-01T08:00:00Z');
const ward = (local: string) => Date.parse(`${local}+07:00`);
const read = (text: string, now = NOW, halfWindowMin = 30): ParsedSearch => parseSearch(text, { now, timeZone: TZ, halfWindowMin });
const iso = (p: ParsedSearch) => ({
  street: p.street,
  at: p.at === null ? null : new Date(p.at).toISOString(),
  from: p.from === null ? null : new Date(p.from).toISOString(),
  to: p.to === null ? null : new Date(p.to).toISOString(),
});
const window = (street: string, at: string, from: string, to: string) => ({
  street,
  at: new Date(ward(at)).toISOString(),
  from: new Date(ward(from)).toISOString(),
  to: new Date(ward(to)).toISOString(),
});

describe('parseSearch: a street and a time, as an officer types them', () => {
  it('reads "21:30 hôm qua" in the ward’s zone with the default ±30 min', () => {
    expect(iso(read('Hoàng Văn Thái 21:30 hôm qua'))).toEqual(
      window('Hoàng Văn Thái', '2026-11-30T21:30', '2026-11-30T21:00', '2026-11-30T22:00'),
    );
  });

  it('takes words without diacritics, and English ones', () => {
    expect(iso(read('hoang van thai 21:30 hom qua')).at).toBe(new Date(ward('2026-11-30T21:30')).toISOString());
    expect(iso(read('Hoang Van Thai yesterday 9:30pm'))).toEqual(
      window('Hoang Van Thai', '2026-11-30T21:30', '2026-11-30T21:00', '2026-11-30T22:00'),
    );
    expect(iso(read('Điện Biên Phủ hôm kia 08:15')).at).toBe(new Date(ward('2026-11-29T08:15')).toISOString());
    expect(iso(read('dien bien phu today 10h')).at).toBe(new Date(ward('2026-12-01T10:00')).toISOString());
  });

  it('a time without a date is today’s if it has passed, else yesterday’s', () => {
    expect(iso(read('dien bien phu 14:00')).at).toBe(new Date(ward('2026-12-01T14:00')).toISOString());
    expect(iso(read('dien bien phu 21:30'))).toEqual(window('dien bien phu', '2026-11-30T21:30', '2026-11-30T21:00', '2026-11-30T22:00'));
  });

  it('reads a written date with or without the year', () => {
    expect(iso(read('Hoàng Văn Thái 30/11 21:30')).at).toBe(new Date(ward('2026-11-30T21:30')).toISOString());
    expect(iso(read('Hoàng Văn Thái ngày 29/11/2026 lúc 7h05')).at).toBe(new Date(ward('2026-11-29T07:05')).toISOString());
    expect(iso(read('Hoàng Văn Thái 2026-11-28 23:59')).at).toBe(new Date(ward('2026-11-28T23:59')).toISOString());
    // 24/12 without a year, typed on 1 December: last year's.
    expect(iso(read('Hoàng Văn Thái 24/12 20:00')).at).toBe(new Date(ward('2025-12-24T20:00')).toISOString());
  });

  it('reads a window "20:00-22:00" (the cursor at its start), across midnight too', () => {
    expect(iso(read('Hoàng Văn Thái 20:00-22:00 hôm qua'))).toEqual(
      window('Hoàng Văn Thái', '2026-11-30T20:00', '2026-11-30T20:00', '2026-11-30T22:00'),
    );
    expect(iso(read('Hoàng Văn Thái 30/11 23:00 đến 01:00'))).toEqual(
      window('Hoàng Văn Thái', '2026-11-30T23:00', '2026-11-30T23:00', '2026-12-01T01:00'),
    );
    expect(read('Hoàng Văn Thái 20:00-22:00').range).toBe(true);
  });

  it('reads Vietnamese hours with a part of the day', () => {
    expect(iso(read('Hoàng Văn Thái 9 giờ tối hôm qua')).at).toBe(new Date(ward('2026-11-30T21:00')).toISOString());
    expect(iso(read('Hoàng Văn Thái 9 giờ 30 tối qua')).at).toBe(new Date(ward('2026-11-30T21:30')).toISOString());
    expect(iso(read('Hoàng Văn Thái 7 giờ sáng nay')).at).toBe(new Date(ward('2026-12-01T07:00')).toISOString());
  });

  it('uses the configured half-window', () => {
    const p = read('Hoàng Văn Thái 21:30 hôm qua', NOW, 15);
    expect(iso(p)).toEqual(window('Hoàng Văn Thái', '2026-11-30T21:30', '2026-11-30T21:15', '2026-11-30T21:45'));
  });

  it('a date alone is that whole day; no time at all leaves the window to the form', () => {
    expect(iso(read('Hoàng Văn Thái hôm qua'))).toEqual(
      window('Hoàng Văn Thái', '2026-11-30T00:00', '2026-11-30T00:00', '2026-12-01T00:00'),
    );
    expect(read('Hoàng Văn Thái')).toMatchObject({ street: 'Hoàng Văn Thái', at: null, from: null, to: null });
  });

  it('keeps the street as typed, numbers in names included, and refuses impossible times and dates', () => {
    expect(read('Đường 30 Tháng 4 21:30').street).toBe('Đường 30 Tháng 4');
    expect(read('Hoàng Văn Thái, 21:30, hôm qua').street).toBe('Hoàng Văn Thái');
    expect(read('Hoàng Văn Thái 25:70').at).toBeNull();
    expect(read('Hoàng Văn Thái 31/2').street).toBe('Hoàng Văn Thái 31/2');
  });

  it('does not depend on the zone of the computer: only the ward’s counts', () => {
    const inHanoi = read('Hoàng Văn Thái 00:30 hôm nay');
    expect(new Date(inHanoi.at!).toISOString()).toBe('2026-11-30T17:30:00.000Z');
  });
});
