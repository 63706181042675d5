import { exceededDetail, exceededLimits } from './request-limits';

const limits = { maxAreaKm2: 0.5, maxWindowHours: 12 };
const HOUR = 3_600_000;

describe('exceededLimits', () => {
  it('is empty at the limits exactly', () => {
    expect(exceededLimits(500_000, 12 * HOUR, limits)).toEqual([]);
  });

  it('names each limit gone beyond with the measured value and the limit, area first', () => {
    expect(exceededLimits(1_256_637.06, 13.5 * HOUR, limits)).toEqual([
      { limit: 'area', unit: 'km2', measured: 1.2566, max: 0.5 },
      { limit: 'window', unit: 'hours', measured: 13.5, max: 12 },
    ]);
    expect(exceededLimits(10_000, 24 * HOUR + 60_000, limits)).toEqual([{ limit: 'window', unit: 'hours', measured: 24.02, max: 12 }]);
  });

  it('does not judge an area it could not measure', () => {
    expect(exceededLimits(null, HOUR, limits)).toEqual([]);
  });
});

describe('exceededDetail', () => {
  it('says what was too large and how to go on', () => {
    expect(exceededDetail(exceededLimits(600_000, 13 * HOUR, limits))).toBe(
      'the area is 0.6 km², more than the 0.5 km² one request may cover; and the window is 13 hours, longer than the 12 hours ' +
        'one request may cover. Narrow the request (a smaller area or a shorter window), or give a written justification ' +
        '(justification, at least 30 characters) that a supervisor will read before deciding',
    );
  });
});
