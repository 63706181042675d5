import { parseCliDuration, parseIsoDuration, parseTerminationTime } from './durations';

describe('durations', () => {
  it('reads xs:duration values cameras and clients send', () => {
    expect(parseIsoDuration('PT1M')).toBe(60_000);
    expect(parseIsoDuration('PT2.5S')).toBe(2500);
    expect(parseIsoDuration('PT0S')).toBe(0);
    expect(parseIsoDuration('P1DT2H')).toBe(26 * 3600_000);
    expect(parseIsoDuration(' PT10S ')).toBe(10_000);
    for (const bad of ['P', 'PT', '10S', 'PT-1S', 'PTS', '']) expect(parseIsoDuration(bad)).toBeUndefined();
  });

  it('reads termination times as durations or absolute times in the camera clock', () => {
    const cameraNow = Date.parse('2030-01-01T00:00:00Z');
    expect(parseTerminationTime('PT60S', cameraNow)).toBe(60_000);
    expect(parseTerminationTime('2030-01-01T00:01:00Z', cameraNow)).toBe(60_000);
    expect(parseTerminationTime('2029-12-31T23:59:00Z', cameraNow)).toBe(-60_000);
    expect(parseTerminationTime('tomorrow', cameraNow)).toBeUndefined();
  });

  it('reads command-line durations', () => {
    expect(parseCliDuration('10s')).toBe(10_000);
    expect(parseCliDuration('500ms')).toBe(500);
    expect(parseCliDuration('2m')).toBe(120_000);
    expect(parseCliDuration('3')).toBe(3000);
    expect(parseCliDuration('ten')).toBeUndefined();
  });
});
