import { ACCESS_REFUSED_AUDIT_PER_MINUTE, AccessRefusalRecorder } from './access-refusal.recorder';
import type { AuditRecordInput } from './audit.types';
import type { AuditService } from './audit.service';

describe('AccessRefusalRecorder', () => {
  const recorded: AuditRecordInput[] = [];
  const audit = { record: (input: AuditRecordInput) => Promise.resolve(recorded.push(input)) } as unknown as AuditService;
  const request = { method: 'GET', route: '/users', path: '/users', reason: 'this action is for admin' };
  const alice = { userId: 'u-alice', role: 'officer' };
  const T0 = Date.parse('2026-11-29T06:00:00.000Z');

  beforeEach(() => (recorded.length = 0));

  it('records each refusal up to the per-minute budget, then counts the rest into the next minute’s first entry', async () => {
    const recorder = new AccessRefusalRecorder(audit);
    for (let i = 0; i < ACCESS_REFUSED_AUDIT_PER_MINUTE + 5; i++) await recorder.record(alice, request, T0 + i);
    expect(recorded).toHaveLength(ACCESS_REFUSED_AUDIT_PER_MINUTE);
    expect(recorded.every((r) => r.details?.suppressedBefore === 0)).toBe(true);

    await recorder.record(alice, request, T0 + 60_000);
    expect(recorded).toHaveLength(ACCESS_REFUSED_AUDIT_PER_MINUTE + 1);
    expect(recorded.at(-1)).toMatchObject({
      action: 'access.refused',
      actor: alice,
      subject: { type: 'route', id: 'GET /users' },
      details: { method: 'GET', route: '/users', suppressedBefore: 5 },
    });
  });

  it('keeps one user’s flood from using another user’s budget', async () => {
    const recorder = new AccessRefusalRecorder(audit);
    for (let i = 0; i < ACCESS_REFUSED_AUDIT_PER_MINUTE + 3; i++) await recorder.record(alice, request, T0);
    await recorder.record({ userId: 'u-bob', role: 'resident' }, request, T0);
    expect(recorded.filter((r) => r.actor.userId === 'u-bob')).toHaveLength(1);
  });

  it('never throws when the audit write fails (the 403 must stay a 403)', async () => {
    const failing = { record: () => Promise.reject(new Error('database down')) } as unknown as AuditService;
    await expect(new AccessRefusalRecorder(failing).record(alice, request, T0)).resolves.toBeUndefined();
  });
});
