import { familyOf, filtersFromQuery, isUuid, queryFromFilters, questionOf } from './auditFilters';

const CLIP = '5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b';

describe('audit console filters in the URL', () => {
  it('reads known filters, drops unknown keys and empty values, and writes them back in order', () => {
    const filters = filtersFromQuery(new URLSearchParams(`to=2026-12-01T21:30&clipId=${CLIP}&bogus=1&actorId=`));
    expect(filters).toEqual({ clipId: CLIP, to: '2026-12-01T21:30' });
    expect(queryFromFilters(filters).toString()).toBe(`clipId=${CLIP}&to=2026-12-01T21%3A30`);
  });

  it('names the question when exactly one question filter is set (a period may go with it)', () => {
    expect(questionOf({ clipId: CLIP })).toBe('clip');
    expect(questionOf({ returnedCameraId: CLIP, from: '2026-12-01T00:00' })).toBe('returnedCamera');
    expect(questionOf({ streetId: CLIP })).toBe('street');
    expect(questionOf({ streetId: CLIP, actorId: CLIP })).toBeNull();
    expect(questionOf({ cameraId: CLIP })).toBeNull();
  });

  it('knows an action family and a UUID', () => {
    expect(familyOf('search.performed')).toBe('search.');
    expect(familyOf('link.')).toBe('link.');
    expect(isUuid(` ${CLIP} `)).toBe(true);
    expect(isUuid('Trần Thị Bình')).toBe(false);
  });
});
