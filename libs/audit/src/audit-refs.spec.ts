import { auditEntryRefs } from './audit-refs';

const entry = (
  action: string,
  details: Record<string, unknown> = {},
  subject: { type: string; id: string | null } = { type: 'x', id: null },
) => ({
  action,
  subjectType: subject.type,
  subjectId: subject.id,
  details,
});

describe('auditEntryRefs', () => {
  it('indexes the clip an entry is about: its subject (link issued, opened, revoked, clip stored)', () => {
    for (const action of ['link.issued', 'link.opened', 'link.revoked', 'clip.stored']) {
      expect(auditEntryRefs(entry(action, {}, { type: 'clip', id: 'c1' }))).toEqual([{ kind: 'clip', ref: 'c1' }]);
    }
  });

  it("indexes clips named in details, once each: clipId, clipIds, an export's files", () => {
    const refs = auditEntryRefs(
      entry('evidence.export_started', { clipId: 'a', clipIds: ['a', 'b', 7], files: [{ clipId: 'c' }, { clipId: null }, 'x'] }),
    );
    expect(refs).toEqual([
      { kind: 'clip', ref: 'a' },
      { kind: 'clip', ref: 'b' },
      { kind: 'clip', ref: 'c' },
    ]);
  });

  it('indexes the cameras a search returned and the street it named (with its ward, or any ward)', () => {
    expect(
      auditEntryRefs(
        entry('search.performed', { cameraIds: ['k1', 'k2'], place: { kind: 'street', street: 'Hoàng Văn Thái', wardId: 'w1' } }),
      ),
    ).toEqual([
      { kind: 'returned_camera', ref: 'k1' },
      { kind: 'returned_camera', ref: 'k2' },
      { kind: 'street', ref: 'w1:', fold: 'Hoàng Văn Thái' },
    ]);
    expect(auditEntryRefs(entry('search.performed', { place: { kind: 'street', street: 'Võ Nguyên Giáp', wardId: null } }))).toEqual([
      { kind: 'street', ref: '*:', fold: 'Võ Nguyên Giáp' },
    ]);
  });

  it('does not read cameras or streets out of entries that are not searches', () => {
    expect(auditEntryRefs(entry('evidence.exported', { cameraIds: ['k1'], place: { kind: 'street', street: 'A' } }))).toEqual([]);
    expect(auditEntryRefs(entry('search.performed', { place: { kind: 'radius', latitude: 1, longitude: 2 } }))).toEqual([]);
  });
});
