import { OWNER_VISIBLE_ACTIONS, toAccessLogEntry, type AccessLogRow } from './camera-access-log';

const OWNER = '11111111-1111-4111-8111-111111111111';
const row = (over: Partial<AccessLogRow>): AccessLogRow => ({
  seq: '7',
  at: new Date('2026-12-01T00:00:00Z'),
  action: 'search.performed',
  actor_id: '22222222-2222-4222-8222-222222222222',
  actor_role: 'officer',
  actor_name: 'Lê Văn Cảnh',
  subject_id: null,
  case_number: 'HCM-2026-001',
  details: {},
  ...over,
});

describe('the owner’s view of an audit entry', () => {
  it('never lists holds or requests before a decision: the view is an allow-list', () => {
    for (const hidden of ['hold.placed', 'hold.lifted', 'footage_request.filed', 'footage_request.supervisor_rejected', 'clip.stored']) {
      expect(OWNER_VISIBLE_ACTIONS).not.toContain(hidden);
    }
  });

  it('a search: the officer’s name and role and the case, never the other cameras it returned or the account id', () => {
    const entry = toAccessLogEntry(
      row({
        details: {
          place: { kind: 'point', latitude: 10.79, longitude: 106.69, radiusM: 200 },
          from: 'a',
          to: 'b',
          cameraIds: ['other-camera'],
          results: { cameras: 9 },
        },
      }),
      OWNER,
    );
    expect(entry).toEqual({
      seq: '7',
      at: new Date('2026-12-01T00:00:00Z'),
      action: 'search.performed',
      actor: { name: 'Lê Văn Cảnh', role: 'officer' },
      purpose: { investigationCaseNumber: 'HCM-2026-001', reason: null },
      details: { place: { kind: 'point', latitude: 10.79, longitude: 106.69, radiusM: 200 }, from: 'a', to: 'b' },
    });
    expect(JSON.stringify(entry)).not.toContain('2222');
  });

  it('another resident who tried to enrol the camera is not named; the owner and the service are', () => {
    const attempt = toAccessLogEntry(
      row({
        action: 'camera.enrolment_refused',
        actor_role: 'resident',
        actor_name: 'Mallory',
        details: { matched: 'device', target: {} },
      }),
      OWNER,
    );
    expect(attempt.actor).toEqual({ name: null, role: 'resident' });
    expect(attempt.details).toEqual({ matched: 'device' });
    expect(
      toAccessLogEntry(row({ action: 'consent.given', actor_id: OWNER, actor_role: 'resident', actor_name: 'Chị Hoa' }), OWNER).actor,
    ).toEqual({
      name: 'Chị Hoa',
      role: 'resident',
    });
    expect(toAccessLogEntry(row({ action: 'footage.release_expired', actor_id: null, actor_role: 'system' }), OWNER).actor.name).toMatch(
      /automatic/,
    );
  });

  it('a link names the clip and its kind', () => {
    const entry = toAccessLogEntry(
      row({ action: 'link.issued', subject_id: 'clip-1', details: { kind: 'download', asset: 'clip', releaseId: 'r', requestId: 'q' } }),
      OWNER,
    );
    expect(entry.details).toEqual({ kind: 'download', asset: 'clip', clipId: 'clip-1' });
  });
});
