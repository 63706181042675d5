import { explainFlag, findBursts, type TimedEntry } from './audit-flags';

const T0 = Date.parse('2026-11-29T00:00:00.000Z');
let seq = 0;
const at = (actorId: string, minutes: number): TimedEntry => ({ seq: String(++seq), actorId, at: new Date(T0 + minutes * 60_000) });

describe('findBursts', () => {
  const rule = { maxLinks: 3, windowMinutes: 10 };

  it('does not flag exactly the limit within the window', () => {
    expect(findBursts([at('a', 0), at('a', 1), at('a', 2)], rule)).toEqual([]);
  });

  it('flags one more than the limit within the window, listing every entry of it', () => {
    const entries = [at('a', 0), at('a', 1), at('a', 2), at('a', 9.9)];
    const bursts = findBursts(entries, rule);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ actorId: 'a', seqs: entries.map((e) => e.seq), firstAt: entries[0].at, lastAt: entries[3].at });
  });

  it('does not flag the same number spread over more than the window', () => {
    expect(findBursts([at('a', 0), at('a', 4), at('a', 8), at('a', 12)], rule)).toEqual([]);
  });

  it('leaves out entries before and after the burst', () => {
    const early = at('a', -60);
    const burst = [at('a', 0), at('a', 1), at('a', 2), at('a', 3)];
    const late = at('a', 90);
    const bursts = findBursts([early, ...burst, late], rule);
    expect(bursts.map((b) => b.seqs)).toEqual([burst.map((e) => e.seq)]);
  });

  it('merges overlapping windows into one burst and keeps separate sprees apart', () => {
    const first = [0, 1, 2, 3, 8, 11, 12, 13].map((m) => at('a', m));
    const second = [100, 101, 102, 103].map((m) => at('a', m));
    const bursts = findBursts([...first, ...second], rule);
    expect(bursts.map((b) => b.seqs)).toEqual([first.map((e) => e.seq), second.map((e) => e.seq)]);
  });

  it('counts each actor on their own', () => {
    const entries = [at('a', 0), at('a', 1), at('b', 1), at('b', 2), at('b', 3), at('b', 4)];
    const bursts = findBursts(entries, rule);
    expect(bursts).toHaveLength(1);
    expect(bursts[0].actorId).toBe('b');
  });
});

describe('explainFlag', () => {
  it('says why, with the numbers of the rule', () => {
    expect(explainFlag({ kind: 'download_burst', params: { links: 25, maxLinks: 20, windowMinutes: 10 } })).toBe(
      'This person was issued 25 download links in bursts of more than 20 within 10 minutes, above the review threshold.',
    );
    expect(explainFlag({ kind: 'search_without_investigation', params: { searches: 1 } })).toMatch(/made 1 search in the period/);
    expect(explainFlag({ kind: 'access_refused', params: { attempts: 3 } })).toMatch(/refused 3 times/);
  });
});
