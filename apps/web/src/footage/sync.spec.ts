import { advance, axisOf, defaultSelection, fractionOf, instantAt, place, sharedTimeOf, syncAction, videoTimeAt } from './sync';

describe('synchronised playback on one time axis', () => {
  const t0 = Date.parse('2026-12-01T14:30:00Z');
  const a = place({ startedAt: '2026-12-01T14:30:00Z', endedAt: '2026-12-01T14:30:20Z', durationMs: 20_000 })!;
  // Starts 5 s later and has no endedAt: its duration places its end.
  const b = place({ startedAt: '2026-12-01T14:30:05Z', endedAt: null, durationMs: 30_000 })!;

  it('places clips by their true start and end, and refuses what cannot be placed', () => {
    expect(a).toEqual({ start: t0, end: t0 + 20_000 });
    expect(b).toEqual({ start: t0 + 5_000, end: t0 + 35_000 });
    expect(place({ startedAt: null, endedAt: null, durationMs: 1000 })).toBeNull();
    expect(place({ startedAt: '2026-12-01T14:30:00Z', endedAt: null, durationMs: null })).toBeNull();
    expect(place({ startedAt: '2026-12-01T14:30:00Z', endedAt: '2026-12-01T14:29:00Z', durationMs: null })).toBeNull();
  });

  it('spans the axis from the earliest start to the latest end', () => {
    expect(axisOf([a, null, b])).toEqual({ start: t0, end: t0 + 35_000 });
    expect(axisOf([null])).toBeNull();
  });

  it('maps one shared instant to each video’s currentTime, or to no footage', () => {
    const at = t0 + 12_500;
    expect(videoTimeAt(a, at)).toBe(12.5);
    expect(videoTimeAt(b, at)).toBe(7.5);
    expect(videoTimeAt(b, t0 + 2_000)).toBeNull(); // before b starts
    expect(videoTimeAt(a, t0 + 25_000)).toBeNull(); // after a ends
    expect(videoTimeAt(a, a.end)).toBe(20); // the last frame stays
    expect(videoTimeAt(null, at)).toBeNull();
    expect(sharedTimeOf(b, 7.5)).toBe(at);
  });

  it('re-syncs a video more than 0.3 s off the master clock, hides it outside its clip', () => {
    const at = t0 + 10_000;
    expect(syncAction(a, at, 10.2)).toEqual({ kind: 'keep' });
    expect(syncAction(a, at, 9.6)).toEqual({ kind: 'seek', time: 10 });
    expect(syncAction(b, at, 0)).toEqual({ kind: 'seek', time: 5 });
    expect(syncAction(b, t0 + 1_000, 0)).toEqual({ kind: 'hide' });
  });

  it('runs the master clock within the axis, and maps the scrubber both ways', () => {
    const axis = axisOf([a, b])!;
    expect(advance(axis, t0, 1_500)).toBe(t0 + 1_500);
    expect(advance(axis, t0 + 34_000, 5_000)).toBe(axis.end);
    expect(instantAt(axis, 0.5)).toBe(t0 + 17_500);
    expect(instantAt(axis, 2)).toBe(axis.end);
    expect(fractionOf(axis, t0 + 17_500)).toBe(0.5);
  });

  it('picks the first clip of each of the first nine cameras by default', () => {
    const clips = Array.from({ length: 12 }, (_, i) => ({ clipId: `c${i}`, camera: { id: `cam${i === 1 ? 0 : i}` } }));
    expect(defaultSelection(clips)).toEqual(['c0', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
    expect(defaultSelection(clips, 2)).toEqual(['c0', 'c2']);
  });
});
