import { MAX_REPLY_BYTES } from '@wardwatch/onvif';
import { PullPacer, pullCost, type PullBudget } from './pull-pacer';

const B: PullBudget = { minIntervalMs: 100, emptyPauseMs: 1000, messagesPerSecond: 20, burst: 40, noisyForMs: 60_000 };

/** Drives a camera that answers every pull at once with `perPull` messages for `ms`; returns the pulls made and messages over budget. */
function storm(perPull: number, ms: number): { pulls: number; over: number; noisy: boolean } {
  const pacer = new PullPacer(B, 0);
  let now = 0;
  let pulls = 0;
  let over = 0;
  let noisy = false;
  while (now < ms) {
    now += pacer.delay(now);
    if (now >= ms) break;
    const r = pacer.pulled(perPull, now, now); // answered at once
    pulls++;
    over += r.overBudget;
    noisy = r.noisy;
  }
  return { pulls, over, noisy };
}

describe('PullPacer', () => {
  it('keeps a camera that answers every pull at once with messages to its budget', () => {
    const { pulls, over, noisy } = storm(10, 10_000);
    // 40 in the burst + 20/s for 10 s = 240 messages, so 24-25 pulls of 10, not thousands.
    expect(pulls).toBeGreaterThanOrEqual(24);
    expect(pulls).toBeLessThanOrEqual(26);
    expect(over).toBeGreaterThan(0);
    expect(noisy).toBe(true);
  });

  it('never pulls faster than the minimum interval, even within the budget', () => {
    const { pulls, over } = storm(1, 10_000);
    expect(pulls).toBe(100); // one every 100 ms: 10 messages/s is within 20/s
    expect(over).toBe(0);
  });

  it('waits after an empty answer that came at once, but not after a long poll that timed out', () => {
    const pacer = new PullPacer(B, 0);
    pacer.pulled(0, 0, 5);
    expect(pacer.delay(5)).toBe(1000);
    pacer.pulled(0, 2000, 22_000);
    expect(pacer.delay(22_000)).toBe(0);
  });

  it('counts only the messages beyond the budget, marks the camera noisy once, and forgets it after a quiet spell', () => {
    const pacer = new PullPacer(B, 0);
    expect(pacer.pulled(30, 0, 0)).toEqual({ overBudget: 0, noisy: false, becameNoisy: false });
    expect(pacer.pulled(25, 100, 100)).toEqual({ overBudget: 13, noisy: true, becameNoisy: true }); // 10 + 2 refilled left
    expect(pacer.delay(100)).toBe(650); // 13 messages at 20/s
    expect(pacer.pulled(5, 750, 750).becameNoisy).toBe(false);
    expect(pacer.pulled(1, 70_000, 70_000)).toEqual({ overBudget: 0, noisy: false, becameNoisy: false });
  });

  it('charges a reply by its size too: one message in a full-size reply is not a cheap pull', () => {
    expect(pullCost(3, 2_000)).toBe(3);
    expect(pullCost(1, MAX_REPLY_BYTES)).toBe(64);
    // A camera answering every pull at once with one message padded to the reply cap: paced like
    // 64 messages a pull (40 in the burst + 20/s for 10 s = 240 = about 4 pulls), not 10 pulls a second.
    const pacer = new PullPacer(B, 0);
    let now = 0;
    let pulls = 0;
    while (now < 10_000) {
      now += pacer.delay(now);
      if (now >= 10_000) break;
      pacer.pulled(pullCost(1, MAX_REPLY_BYTES), now, now);
      pulls++;
    }
    expect(pulls).toBeLessThanOrEqual(5);
  });
});
