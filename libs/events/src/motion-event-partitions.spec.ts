import { dayIsPastRetention, daysAhead, partitionDay, partitionName, utcDay } from './motion-event-partitions';

describe('motion_events day partitions', () => {
  it('names a day as the migration does, and reads the name back', () => {
    const day = new Date('2026-03-07T00:00:00Z');
    expect(partitionName(day)).toBe('motion_events_20260307');
    expect(partitionDay('motion_events_20260307')).toEqual(day);
    expect(partitionDay('motion_events_default')).toBeNull();
  });

  it('days are UTC days', () => {
    expect(utcDay(new Date('2026-03-07T23:59:59.999Z'))).toEqual(new Date('2026-03-07T00:00:00Z'));
    expect(daysAhead(new Date('2026-12-31T18:00:00Z'), 2).map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('a day is past retention only when all of it is', () => {
    const now = new Date('2026-12-31T12:00:00Z');
    // 30 days: everything before 2026-12-01T12:00 has expired; 2026-11-30 ends at 2026-12-01T00:00.
    expect(dayIsPastRetention(new Date('2026-11-30T00:00:00Z'), now, 30)).toBe(true);
    expect(dayIsPastRetention(new Date('2026-12-01T00:00:00Z'), now, 30)).toBe(false);
  });
});
