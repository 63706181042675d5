import { planClips, type Episode, type PlannedClip } from './clip-planner';

const S = { preRollMs: 5000, postRollMs: 10_000, maxMs: 60_000 };
const T0 = 1_000_000;

describe('planClips', () => {
  it('opens a clip at start - pre-roll that grows until the motion ends, then ends at end + post-roll', () => {
    const open = planClips([{ id: 'e1', start: T0, end: null }], [], S, T0 + 1000, 0);
    expect(open.create).toEqual([{ motionEventId: 'e1', sequence: 0, from: T0 - 5000, to: null, status: 'capturing' }]);
    const clip: PlannedClip = { ...open.create[0], id: 'c1' };
    const ended = planClips([{ id: 'e1', start: T0, end: T0 + 3000 }], [clip], S, T0 + 4000, 0);
    expect(ended).toEqual({ create: [], extend: [{ id: 'c1', to: T0 + 13_000 }] });
  });

  it('plans nothing new when run again (idempotent)', () => {
    const clips: PlannedClip[] = [{ id: 'c1', motionEventId: 'e1', sequence: 0, from: T0 - 5000, to: T0 + 13_000, status: 'capturing' }];
    expect(planClips([{ id: 'e1', start: T0, end: T0 + 3000 }], clips, S, T0 + 5000, 0)).toEqual({ create: [], extend: [] });
  });

  it('extends the open clip when motion restarts within the post-roll', () => {
    const clips: PlannedClip[] = [{ id: 'c1', motionEventId: 'e1', sequence: 0, from: T0 - 5000, to: T0 + 13_000, status: 'capturing' }];
    const episodes: Episode[] = [
      { id: 'e1', start: T0, end: T0 + 3000 },
      { id: 'e2', start: T0 + 8000, end: T0 + 9000 },
    ];
    expect(planClips(episodes, clips, S, T0 + 9500, 0)).toEqual({ create: [], extend: [{ id: 'c1', to: T0 + 19_000 }] });
  });

  it('opens a new clip for motion after the post-roll', () => {
    const clips: PlannedClip[] = [{ id: 'c1', motionEventId: 'e1', sequence: 0, from: T0 - 5000, to: T0 + 13_000, status: 'stored' }];
    const plan = planClips(
      [
        { id: 'e1', start: T0, end: T0 + 3000 },
        { id: 'e2', start: T0 + 30_000, end: T0 + 31_000 },
      ],
      clips,
      S,
      T0 + 32_000,
      0,
    );
    expect(plan.create).toEqual([{ motionEventId: 'e2', sequence: 0, from: T0 + 25_000, to: T0 + 41_000, status: 'capturing' }]);
  });

  it('splits long motion into consecutive clips of the maximum length', () => {
    const plan = planClips([{ id: 'e1', start: T0, end: T0 + 100_000 }], [], S, T0 + 100_500, 0);
    expect(plan.create.map((c) => [c.sequence, c.from - T0, c.to === null ? null : c.to - T0])).toEqual([
      [0, -5000, 55_000],
      [1, 55_000, 110_000],
    ]);
  });

  it('keeps an ongoing long motion open in its latest clip', () => {
    const plan = planClips([{ id: 'e1', start: T0, end: null }], [], S, T0 + 70_000, 0);
    expect(plan.create.map((c) => [c.sequence, c.from - T0, c.to === null ? null : c.to - T0])).toEqual([
      [0, -5000, 55_000],
      [1, 55_000, null],
    ]);
  });

  it('gives no clip to motion that began before anything was buffered', () => {
    expect(planClips([{ id: 'e1', start: T0, end: T0 + 1000 }], [], S, T0 + 2000, T0 + 500).create).toEqual([]);
  });

  it('gives later motion its own clip after a clip failed with its end still open (capture stopped mid-clip)', () => {
    // Capture stopped while e1's clip was growing (credentials, stream address, lease, consent pause):
    // the clip failed with no end. Motion after that must not be taken as "inside" it.
    const clips: PlannedClip[] = [{ id: 'c1', motionEventId: 'e1', sequence: 0, from: T0 - 5000, to: null, status: 'failed' }];
    const episodes: Episode[] = [
      { id: 'e1', start: T0, end: T0 + 20_000 },
      { id: 'e2', start: T0 + 40_000, end: T0 + 41_000 },
    ];
    const plan = planClips(episodes, clips, S, T0 + 42_000, T0 + 30_000);
    expect(plan).toEqual({
      create: [{ motionEventId: 'e2', sequence: 0, from: T0 + 35_000, to: T0 + 51_000, status: 'capturing' }],
      extend: [],
    });
    // ... and the failed episode itself is not tried again (no second clip of e1, nothing extended).
    expect(planClips([episodes[0]], clips, S, T0 + 42_000, T0 + 30_000)).toEqual({ create: [], extend: [] });
  });

  it('does not extend a failed clip: motion restarting within its window gets a clip of its own', () => {
    const clips: PlannedClip[] = [{ id: 'c1', motionEventId: 'e1', sequence: 0, from: T0 - 5000, to: T0 + 13_000, status: 'failed' }];
    const plan = planClips(
      [
        { id: 'e1', start: T0, end: T0 + 3000 },
        { id: 'e2', start: T0 + 8000, end: T0 + 9000 },
      ],
      clips,
      S,
      T0 + 9500,
      0,
    );
    expect(plan).toEqual({
      create: [{ motionEventId: 'e2', sequence: 0, from: T0 + 3000, to: T0 + 19_000, status: 'capturing' }],
      extend: [],
    });
  });
});
