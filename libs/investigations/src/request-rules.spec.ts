import { requestStateOf, whyNotRequestable, type CameraConsentSnapshot } from './request-rules';

const consenting: CameraConsentSnapshot = {
  cameraId: 'c1',
  ownerId: 'o1',
  lifecycle: 'active',
  consentVersion: 3,
  consentState: 'given',
  purposes: ['event_metadata', 'clips', 'police_search'],
  sharingMode: 'ask',
};

describe('whyNotRequestable', () => {
  it('accepts an active camera whose consent covers police search and clips', () => {
    expect(whyNotRequestable(consenting)).toBeNull();
  });

  it.each([
    [{ consentState: 'withdrawn' as const, lifecycle: 'withdrawn' as const }, /withdrew consent/],
    [{ consentState: 'paused' as const, lifecycle: 'paused' as const }, /paused consent/],
    [{ purposes: ['event_metadata', 'clips'] as CameraConsentSnapshot['purposes'] }, /police_search/],
    [{ purposes: ['event_metadata', 'police_search'] as CameraConsentSnapshot['purposes'] }, /clips/],
    [{ consentState: null, purposes: null }, /no consent/],
    [{ lifecycle: 'pending' as const }, /pending, not active/],
  ])('refuses %o with a reason', (change, reason) => {
    expect(whyNotRequestable({ ...consenting, ...change })).toMatch(reason);
  });
});

describe('requestStateOf', () => {
  it.each([
    [['pending_supervisor', 'pending_supervisor'], 'pending_supervisor'],
    [['pending_owner', 'released'], 'pending_owner'],
    [['released', 'released'], 'released'],
    [['released', 'declined'], 'partially_released'],
    [['released', 'expired'], 'partially_released'],
    [['declined', 'declined'], 'declined'],
    [['rejected', 'rejected'], 'declined'],
    [['declined', 'expired'], 'expired'],
    [['cancelled', 'declined'], 'cancelled'],
  ] as const)('%j -> %s', (cameras, state) => {
    expect(requestStateOf(cameras)).toBe(state);
  });

  it('refuses a request without cameras', () => {
    expect(() => requestStateOf([])).toThrow(/at least one camera/);
  });
});
