import { backoffDelay, renewAfterMs } from './backoff';

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum, jittered within the upper half', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(20, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('renewAfterMs', () => {
  it('renews at 80% of the life the camera reports, in its own clock', () => {
    const now = new Date('2030-01-01T00:00:00Z'); // a camera clock far from ours does not matter
    expect(renewAfterMs(now, new Date(now.getTime() + 600_000))).toBe(480_000);
  });
  it('falls back when the camera gave no times, and renews soon when the life is already over', () => {
    expect(renewAfterMs(null, null)).toBe(60_000);
    expect(renewAfterMs(new Date(10_000), new Date(5_000))).toBe(1000);
  });
});
