import { position, spanOf, ticks, zoneOffsetMs } from './timeline';

describe('footage timeline geometry', () => {
  const from = Date.parse('2026-12-01T00:00:00Z');
  const to = Date.parse('2026-12-02T00:00:00Z');

  it('places instants and spans on the window, clamped, open spans to the end', () => {
    expect(position(from, from, to)).toBe(0);
    expect(position(Date.parse('2026-12-01T12:00:00Z'), from, to)).toBe(0.5);
    expect(position(from - 1000, from, to)).toBe(0);
    expect(spanOf({ startedAt: '2026-12-01T18:00:00Z', endedAt: null }, from, to)).toEqual([0.75, 1]);
    expect(spanOf({ startedAt: '2026-11-30T18:00:00Z', endedAt: '2026-12-01T06:00:00Z' }, from, to)).toEqual([0, 0.25]);
  });

  it("ticks fall on the ward's whole hours and midnights, not the phone's", () => {
    expect(zoneOffsetMs(from, 'Asia/Ho_Chi_Minh')).toBe(7 * 3_600_000);
    // 00:00Z is 07:00 in Hanoi: the 6-hourly ticks are 12:00, 18:00, 00:00, 06:00 there (05:00Z, 11:00Z, 17:00Z, 23:00Z).
    expect(ticks(from, to, 6, 'Asia/Ho_Chi_Minh').map((t) => new Date(t).toISOString())).toEqual([
      '2026-12-01T05:00:00.000Z',
      '2026-12-01T11:00:00.000Z',
      '2026-12-01T17:00:00.000Z',
      '2026-12-01T23:00:00.000Z',
    ]);
    expect(ticks(from, from + 7 * 86_400_000, 24, 'Asia/Ho_Chi_Minh')).toHaveLength(7);
  });
});
