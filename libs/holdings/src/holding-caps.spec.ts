import { fitsCaps, holdingCaps } from './holding-caps';

describe('holdingCaps', () => {
  it('never lets a worker hold more cameras with video than it can buffer', () => {
    const caps = holdingCaps({ cameras: 1000, video: 50 }, { video: 120, eventsOnly: 0 }, 1);
    expect(caps.video).toBe(50);
    expect(fitsCaps(caps, { video: 50, eventsOnly: 0 }, true)).toBe(false);
  });

  it('gives each live worker a share of both kinds', () => {
    const caps = holdingCaps({ cameras: 1000, video: 50 }, { video: 6, eventsOnly: 4 }, 2);
    expect(caps).toEqual({ video: 3, eventsOnly: 2, total: 1000 });
  });

  it('counts events-only cameras against the camera capacity alone', () => {
    const caps = holdingCaps({ cameras: 5, video: 2 }, { video: 2, eventsOnly: 10 }, 1);
    expect(fitsCaps(caps, { video: 2, eventsOnly: 2 }, false)).toBe(true);
    expect(fitsCaps(caps, { video: 2, eventsOnly: 3 }, false)).toBe(false);
    expect(fitsCaps(caps, { video: 1, eventsOnly: 0 }, true)).toBe(true);
  });
});
