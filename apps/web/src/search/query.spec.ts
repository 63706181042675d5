import { footageRequestLink, fromSearchParams, toSearchParams, type SearchState } from './query';

const FROM = Date.parse('2026-11-30T14:00:00Z');
const TO = Date.parse('2026-11-30T15:00:00Z');
const AT = Date.parse('2026-11-30T14:30:00Z');
const POLYGON = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [103.03, 21.39],
      [103.031, 21.39],
      [103.031, 21.391],
      [103.03, 21.39],
    ] as [number, number][],
  ],
};

describe('a search in the URL', () => {
  it.each<SearchState['place']>([
    { kind: 'street', street: 'Hoàng Văn Thái', houseFrom: '10', houseTo: '40' },
    { kind: 'circle', latitude: 21.39, longitude: 103.03, radiusM: 150 },
    { kind: 'polygon', polygon: POLYGON },
    { kind: 'ward', wardId: '7b0c8f0e-5f53-4a43-9d3b-1c8f6d0a1e21' },
  ])('round-trips a $kind search', (place) => {
    const state: SearchState = { place, from: FROM, to: TO, at: AT, investigationId: 'inv-1', unlinked: false, text: 'x 21:30' };
    expect(fromSearchParams(new URLSearchParams(toSearchParams(state).toString()))).toEqual(state);
  });

  it('carries an unlinked search as such, and refuses broken ones', () => {
    const state: SearchState = { place: { kind: 'ward', wardId: 'w' }, from: FROM, to: TO, at: AT, investigationId: null, unlinked: true };
    expect(toSearchParams(state).get('unlinked')).toBe('1');
    expect(fromSearchParams(toSearchParams(state))).toMatchObject({ investigationId: null, unlinked: true });
    expect(fromSearchParams(new URLSearchParams('kind=street&street=&from=2026-11-30T14:00:00Z&to=2026-11-30T15:00:00Z'))).toBeNull();
    expect(fromSearchParams(new URLSearchParams('kind=polygon&polygon=%7B&from=2026-11-30T14:00:00Z&to=2026-11-30T15:00:00Z'))).toBeNull();
    expect(fromSearchParams(new URLSearchParams('kind=ward&wardId=w&from=2026-11-30T15:00:00Z&to=2026-11-30T14:00:00Z'))).toBeNull();
    // A cue outside the window falls back to its start.
    expect(
      fromSearchParams(new URLSearchParams('kind=ward&wardId=w&from=2026-11-30T14:00:00Z&to=2026-11-30T15:00:00Z&at=2026-12-30T00:00:00Z'))
        ?.at,
    ).toBe(FROM);
  });
});

describe('the footage request link', () => {
  const window = { from: FROM, to: TO };
  it('street: the result’s cameras', () => {
    expect(footageRequestLink('inv 1', { ...window, place: { kind: 'street', street: 'Hoàng Văn Thái' } }, ['a', 'b', 'c'])).toBe(
      '/investigations/inv%201/requests/new?kind=street&from=2026-11-30T14%3A00%3A00.000Z&to=2026-11-30T15%3A00%3A00.000Z&cameraIds=a,b,c',
    );
  });
  it('circle, polygon and ward: the area itself', () => {
    const circle = new URL(
      footageRequestLink('i', { ...window, place: { kind: 'circle', latitude: 21.39, longitude: 103.03, radiusM: 150 } }, []),
      'http://x',
    );
    expect(Object.fromEntries(circle.searchParams)).toEqual({
      kind: 'circle',
      from: '2026-11-30T14:00:00.000Z',
      to: '2026-11-30T15:00:00.000Z',
      lat: '21.39',
      lon: '103.03',
      radiusM: '150',
    });
    const polygon = footageRequestLink('i', { ...window, place: { kind: 'polygon', polygon: POLYGON } }, []);
    expect(polygon).toContain(`polygon=${encodeURIComponent(JSON.stringify(POLYGON))}`);
    expect(JSON.parse(new URL(polygon, 'http://x').searchParams.get('polygon')!)).toEqual(POLYGON);
    expect(footageRequestLink('i', { ...window, place: { kind: 'ward', wardId: 'w1' } }, [])).toMatch(/&wardId=w1$/);
  });
  it('a window running past now ends now (the API refuses a future end); one wholly ahead stays as it is', () => {
    const place = { kind: 'ward' as const, wardId: 'w1' };
    const now = AT;
    const link = new URL(footageRequestLink('i', { ...window, place }, [], now), 'http://x');
    expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual(['2026-11-30T14:00:00.000Z', '2026-11-30T14:30:00.000Z']);
    const ahead = new URL(footageRequestLink('i', { ...window, place }, [], FROM - 1), 'http://x');
    expect(ahead.searchParams.get('to')).toBe('2026-11-30T15:00:00.000Z');
  });
});
