import { initialZoom, markKind, scrollToCentre, tickStep, wardTicks } from './timeline';

const TZ = 'Asia/Ho_Chi_Minh';
const MIN = 60_000;

describe('the console timeline’s geometry', () => {
  it('picks a tick step a reader counts in, wide enough apart', () => {
    expect(tickStep(60 * MIN, 1000)).toBe(10 * MIN);
    expect(tickStep(60 * MIN, 4000)).toBe(5 * MIN);
    expect(tickStep(24 * 60 * MIN, 800)).toBe(180 * MIN);
  });

  it('puts ticks on the ward’s whole steps, whatever the offset', () => {
    // 21:07 to 22:00 in the ward: 21:15, 21:30, 21:45, 22:00.
    const from = Date.parse('2026-11-30T21:07:00+07:00');
    const ticks = wardTicks(from, Date.parse('2026-11-30T22:00:00+07:00'), 15 * MIN, TZ);
    expect(ticks.map((t) => new Date(t).toISOString())).toEqual([
      '2026-11-30T14:15:00.000Z',
      '2026-11-30T14:30:00.000Z',
      '2026-11-30T14:45:00.000Z',
      '2026-11-30T15:00:00.000Z',
    ]);
    // Hours fall on the ward's midnight too (a 3-hour step: 00, 03, 06…).
    expect(wardTicks(Date.parse('2026-11-30T23:30:00+07:00'), Date.parse('2026-12-01T03:00:00+07:00'), 180 * MIN, TZ)).toEqual([
      Date.parse('2026-12-01T00:00:00+07:00'),
      Date.parse('2026-12-01T03:00:00+07:00'),
    ]);
  });

  it('zooms so about two hours fill the view, and scrolls the moment to the middle', () => {
    expect(initialZoom(60 * MIN)).toBe(1);
    expect(initialZoom(6 * 60 * MIN)).toBe(4);
    expect(initialZoom(24 * 60 * MIN)).toBe(16);
    expect(scrollToCentre(0.5, 4000, 1000)).toBe(1500);
    expect(scrollToCentre(0, 4000, 1000)).toBe(0);
    expect(scrollToCentre(1, 4000, 1000)).toBe(3000);
  });

  it('tells motion from analytics events', () => {
    expect([markKind('motion'), markKind('analytics'), markKind('tamper')]).toEqual(['motion', 'analytics', 'other']);
  });
});
