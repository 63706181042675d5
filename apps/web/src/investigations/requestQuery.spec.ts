import { fromWardLocal, parsePolygon, parsePrefill, toWardLocal } from './requestQuery';

describe('the request form, prefilled from the search page’s query string', () => {
  const ring = [
    [103.03, 21.39],
    [103.031, 21.39],
    [103.031, 21.391],
    [103.03, 21.39],
  ];

  it('reads each kind of selection', () => {
    const q = (s: string) => parsePrefill(new URLSearchParams(s));
    expect(q('kind=street&cameraIds=a,b,,c&from=2026-12-01T14:00:00Z&to=2026-12-01T15:00:00.000Z')).toEqual({
      selection: { kind: 'street', cameraIds: ['a', 'b', 'c'] },
      from: '2026-12-01T14:00:00.000Z',
      to: '2026-12-01T15:00:00.000Z',
    });
    expect(q('kind=circle&lat=21.39&lon=103.03&radiusM=150').selection).toEqual({
      kind: 'circle',
      latitude: 21.39,
      longitude: 103.03,
      radiusMetres: 150,
    });
    const polygon = encodeURIComponent(JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
    expect(q(`kind=polygon&polygon=${polygon}`).selection).toEqual({ kind: 'polygon', polygon: { type: 'Polygon', coordinates: [ring] } });
    expect(q('kind=ward&wardId=w1').selection).toEqual({ kind: 'ward', wardId: 'w1' });
  });

  it('drops what it cannot read rather than guessing', () => {
    expect(parsePrefill(new URLSearchParams('from=yesterday&to=')).from).toBeNull();
    expect(parsePrefill(new URLSearchParams('kind=circle&lat=21&lon=x&radiusM=5')).selection).toBeNull();
    expect(parsePolygon('{"type":"Polygon","coordinates":[[[1,2],[3,4]]]}')).toBeNull();
    expect(parsePolygon('not json')).toBeNull();
  });

  it('shows instants in the ward’s wall-clock time and reads them back', () => {
    expect(toWardLocal('2026-12-01T14:30:05.400Z', 'Asia/Ho_Chi_Minh')).toBe('2026-12-01T21:30:05');
    expect(new Date(fromWardLocal('2026-12-01T21:30:05', 'Asia/Ho_Chi_Minh')).toISOString()).toBe('2026-12-01T14:30:05.000Z');
    expect(new Date(fromWardLocal('2026-12-01T21:30', 'Asia/Ho_Chi_Minh')).toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(fromWardLocal('21:30', 'Asia/Ho_Chi_Minh')).toBeNaN();
  });
});
