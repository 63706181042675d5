import { ReadPacer, type PacerClock } from './read-pacer';

/** A clock that moves only when the pacer sleeps (and when the test says reading took time). */
function fakeClock(): PacerClock & { advance(ms: number): void } {
  let t = 1_000;
  return { now: () => t, sleep: (ms) => ((t += ms), Promise.resolve()), advance: (ms) => void (t += ms) };
}

describe('ReadPacer', () => {
  it('owes the time the bytes would take at the bound, less what already passed', () => {
    expect(ReadPacer.delayMs(1_000, 0, 1_000)).toBe(1_000);
    expect(ReadPacer.delayMs(1_000, 400, 1_000)).toBe(600);
    expect(ReadPacer.delayMs(1_000, 2_000, 1_000)).toBe(0);
  });

  it('keeps the average rate at the bound however fast the store answers', async () => {
    const clock = fakeClock();
    const pacer = new ReadPacer(10_000, clock);
    for (let i = 0; i < 50; i++) await pacer.read(2_000); // instant reads: 100 kB
    expect(pacer.rate()).toBeLessThanOrEqual(10_000);
    expect(pacer.pausedMs).toBe(10_000);
  });

  it('does not wait when reading is slower than the bound', async () => {
    const clock = fakeClock();
    const pacer = new ReadPacer(10_000, clock);
    for (let i = 0; i < 10; i++) {
      clock.advance(500); // 1 kB takes half a second: 2 kB/s
      await pacer.read(1_000);
    }
    expect(pacer.pausedMs).toBe(0);
  });
});
