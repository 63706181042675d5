import { clipIsHeldSql } from '@wardwatch/footage';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { clipIsHeld, seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';

const HOUR = 3_600_000;
const windowFrom = new Date(Date.now() - 6 * HOUR);
const windowTo = new Date(Date.now() - 2 * HOUR);
const inWindow = (minutes: number) => new Date(windowFrom.getTime() + minutes * 60_000);

/**
 * Issue 14, the supervisor's side: the decision filter of the request list, rejections that must say
 * why, revoking one release early, and manual legal holds (placed, listed, lifted; lifts refused
 * while a release or request still needs the hold). Officers get 403 on all of it.
 */
describe('supervisor review: decisions, revoking one release, manual legal holds', () => {
  let h: ApiHarness;
  let lead: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let owner: TestUser;
  let camA: string;
  let camB: string;
  let camC: string;
  let clipA: SeededClip;
  let clipB: SeededClip;
  let investigationId: string;

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
  });
  const file = async (cameraIds: string[], reason = 'Suspect seen on the street') =>
    (
      await as(lead)
        .post(`/investigations/${investigationId}/footage-requests`, {
          cameraIds,
          from: windowFrom,
          to: windowTo,
          reason,
          legalBasis: 'Criminal Procedure Code art. 88',
        })
        .expect(201)
    ).body as { id: string; cameras: { cameraId: string; release: { id: string } | null }[] };
  const held = (clipId: string) => clipIsHeld(h.db.owner, clipIsHeldSql, clipId);
  const link = (clipId: string) => as(lead).post(`/clips/${clipId}/links`, { investigationId, kind: 'view' });

  beforeAll(async () => {
    h = await startApi();
    [lead, supervisor, otherSupervisor, owner] = [
      await h.user('officer', 'LeadAn'),
      await h.user('supervisor', 'SupTran'),
      await h.user('supervisor', 'SupLe'),
      await h.user('resident'),
    ];
    const db = h.db.owner;
    const ward = await seedWard(db, 'review-ward');
    camA = await seedCamera(db, owner.id, { wardId: ward, label: 'gate A', sharingMode: 'auto_release', latitude: 10.7901 });
    camB = await seedCamera(db, owner.id, { wardId: ward, label: 'gate B', sharingMode: 'auto_release', longitude: 106.6902 });
    camC = await seedCamera(db, owner.id, { wardId: ward, label: 'gate C' });
    const store = h.app.get(ObjectStore);
    clipA = await seedStoredClip(db, store, camA, inWindow(10), inWindow(11));
    clipB = await seedStoredClip(db, store, camB, inWindow(20), inWindow(21));
    investigationId = (
      await as(lead).post('/investigations', { caseNumber: 'REV-2026-001', title: 'Review', summary: 'Supervisor review' }).expect(201)
    ).body.id;
  });
  afterAll(() => h.close());

  let approvedId: string;
  let rejectedId: string;
  let pendingId: string;

  it('a rejection without a reason of at least 10 characters is a 400 problem; with one it is recorded', async () => {
    rejectedId = (await file([camC], 'second request')).id;
    for (const body of [{ decision: 'reject' }, { decision: 'reject', note: '   too short ' }]) {
      const res = await as(supervisor).post(`/footage-requests/${rejectedId}/supervisor-decision`, body).expect(400);
      expect(res.body).toMatchObject({ code: 'footage_request.rejection_reason_required', minChars: 10 });
      expect(res.body.detail).toMatch(/a rejection needs a note of at least 10 characters/);
    }
    // Nothing was decided by the refused attempts.
    expect((await as(supervisor).get(`/footage-requests/${rejectedId}`).expect(200)).body.state).toBe('pending_supervisor');
    const res = await as(supervisor)
      .post(`/footage-requests/${rejectedId}/supervisor-decision`, {
        decision: 'reject',
        note: '  Window far too broad for a bike theft  ',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      state: 'declined',
      supervisor: { decision: 'rejected', note: 'Window far too broad for a bike theft', by: supervisor.id, byName: expect.any(String) },
    });
  });

  it('approval keeps the note optional; the request shows its cameras with their positions and the requester', async () => {
    const filed = await file([camA, camB]);
    approvedId = filed.id;
    const res = await as(supervisor).post(`/footage-requests/${approvedId}/supervisor-decision`, { decision: 'approve' }).expect(200);
    expect(res.body.state).toBe('released');
    expect(res.body.requester).toEqual({ userId: lead.id, displayName: expect.stringMatching(/LeadAn/) });
    const byLabel = Object.fromEntries(res.body.cameras.map((c: { label: string }) => [c.label, c]));
    expect(byLabel['gate A']).toMatchObject({ latitude: 10.7901, longitude: 106.69, release: { live: true } });
    expect(byLabel['gate B']).toMatchObject({ latitude: 10.79, longitude: 106.6902, release: { live: true } });
    pendingId = (await file([camC], 'third request')).id;
  });

  it('the list filters by the supervisor decision, by state and by investigation, newest first', async () => {
    const ids = async (query: string) =>
      ((await as(supervisor).get(`/footage-requests?${query}`).expect(200)).body.items as { id: string }[]).map((r) => r.id);
    expect(await ids('decision=approved')).toEqual([approvedId]);
    expect(await ids('decision=rejected')).toEqual([rejectedId]);
    expect(await ids('decision=pending')).toEqual([pendingId]);
    expect(await ids('state=pending_supervisor')).toEqual([pendingId]);
    expect(await ids(`investigationId=${investigationId}`)).toEqual([pendingId, approvedId, rejectedId]);
    expect(await ids(`investigationId=${investigationId}&decision=approved&state=released`)).toEqual([approvedId]);
    expect(await ids('investigationId=5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b')).toEqual([]);
    const rejected = (await as(supervisor).get('/footage-requests?decision=rejected').expect(200)).body.items[0];
    expect(rejected).toMatchObject({
      supervisorDecision: 'rejected',
      supervisorDecidedAt: expect.any(String),
      requester: { userId: lead.id, displayName: expect.stringMatching(/LeadAn/) },
    });
    const bad = await as(supervisor).get('/footage-requests?decision=maybe').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'decision', detail: 'decision must be one of pending, approved, rejected' }]);
  });

  it('revoking one release ends that camera only: links fail, its hold lifts, the lead is told, it is audited', async () => {
    await link(clipA.id).expect(201);
    await link(clipB.id).expect(201);
    const request = (await as(supervisor).get(`/footage-requests/${approvedId}`).expect(200)).body;
    const releaseA = request.cameras.find((c: { cameraId: string }) => c.cameraId === camA).release.id as string;

    await as(lead).post(`/releases/${releaseA}/revoke`, { reason: 'No longer needed for the case' }).expect(403);
    const short = await as(supervisor).post(`/releases/${releaseA}/revoke`, { reason: 'short' }).expect(400);
    expect(short.body.errors[0].field).toBe('reason');

    const res = await as(otherSupervisor).post(`/releases/${releaseA}/revoke`, { reason: 'Kept beyond what the case needs' }).expect(200);
    expect(res.body).toMatchObject({
      id: releaseA,
      requestId: approvedId,
      cameraId: camA,
      revokedBy: otherSupervisor.id,
      revokeReason: 'Kept beyond what the case needs',
    });

    const refused = await link(clipA.id).expect(403);
    expect(refused.body.code).toBe('release.not_available');
    await link(clipB.id).expect(201);
    expect(await held(clipA.id)).toBe(false);
    expect(await held(clipB.id)).toBe(true);

    const after = (await as(lead).get(`/footage-requests/${approvedId}`).expect(200)).body;
    const cameras = Object.fromEntries(after.cameras.map((c: { cameraId: string; release: object }) => [c.cameraId, c.release]));
    expect(cameras[camA]).toMatchObject({ live: false, revokedAt: expect.any(String) });
    expect(cameras[camB]).toMatchObject({ live: true, revokedAt: null });

    const audit = await h.db.owner.query(
      `SELECT action, actor_id, camera_id, investigation_id, details FROM audit_entries
        WHERE action IN ('footage.release_revoked', 'hold.lifted') AND camera_id = $1 ORDER BY seq DESC LIMIT 2`,
      [camA],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['footage.release_revoked', 'hold.lifted']);
    const revoked = audit.rows.find((r) => r.action === 'footage.release_revoked');
    expect(revoked).toMatchObject({
      actor_id: otherSupervisor.id,
      investigation_id: investigationId,
      details: { reason: 'Kept beyond what the case needs', requestId: approvedId },
    });

    const notices = (await as(lead).get('/notifications').expect(200)).body.items as { kind: string; subject: string; text: string }[];
    const notice = notices.find((n) => n.kind === 'footage.release_revoked');
    expect(notice).toBeDefined();
    expect(JSON.stringify(notice)).toContain('REV-2026-001');
    expect(JSON.stringify(notice)).toContain('Kept beyond what the case needs');
    expect(JSON.stringify(notice)).not.toContain('gate A');

    const again = await as(supervisor).post(`/releases/${releaseA}/revoke`, { reason: 'Kept beyond what the case needs' }).expect(409);
    expect(again.body.code).toBe('release.ended');
    await as(supervisor)
      .post('/releases/5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b/revoke', { reason: 'Kept beyond what the case needs' })
      .expect(404);
  });

  it('an expired release cannot be revoked (409)', async () => {
    const request = (await as(supervisor).get(`/footage-requests/${approvedId}`).expect(200)).body;
    const releaseB = request.cameras.find((c: { cameraId: string }) => c.cameraId === camB).release.id as string;
    await h.db.owner.query(`UPDATE footage_releases SET expires_at = now() - interval '1 second' WHERE id = $1`, [releaseB]);
    const res = await as(supervisor).post(`/releases/${releaseB}/revoke`, { reason: 'Kept beyond what the case needs' }).expect(409);
    expect(res.body).toMatchObject({ code: 'release.ended' });
    expect(res.body.detail).toMatch(/expired at/);
  });

  let manualId: string;

  it('a supervisor places a manual hold: audited, listed with camera, placer and case; retention keeps the footage', async () => {
    expect(await held(clipA.id)).toBe(false);
    const res = await as(supervisor)
      .post('/legal-holds', {
        cameraId: camA,
        from: inWindow(0),
        until: inWindow(60),
        reason: 'Prosecutor asked to preserve it',
        investigationId,
      })
      .expect(201);
    manualId = res.body.id;
    expect(res.body).toMatchObject({
      kind: 'manual',
      reason: 'Prosecutor asked to preserve it',
      camera: { id: camA, label: 'gate A', street: 'Hoàng Văn Thái', houseNumber: '12' },
      investigation: { id: investigationId, caseNumber: 'REV-2026-001' },
      placedBy: { userId: supervisor.id, displayName: expect.stringMatching(/SupTran/) },
      liftedAt: null,
      liftable: true,
    });
    expect(await held(clipA.id)).toBe(true);
    const audit = await h.db.owner.query(`SELECT actor_id, details FROM audit_entries WHERE action = 'hold.placed' AND subject_id = $1`, [
      manualId,
    ]);
    expect(audit.rows).toEqual([
      { actor_id: supervisor.id, details: expect.objectContaining({ kind: 'manual', reason: 'Prosecutor asked to preserve it' }) },
    ]);

    const list = (await as(supervisor).get(`/legal-holds?cameraId=${camA}&active=true`).expect(200)).body;
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([manualId]);
    const manual = (await as(supervisor).get('/legal-holds?kind=manual').expect(200)).body.items;
    expect(manual.map((i: { id: string }) => i.id)).toEqual([manualId]);
    const forCase = (await as(supervisor).get(`/legal-holds?investigationId=${investigationId}&active=true`).expect(200)).body.items;
    expect(forCase.map((i: { kind: string }) => i.kind).sort()).toEqual(['manual', 'preservation', 'release']);
  });

  it('refuses a bad window (400), an unknown camera (404), an unknown investigation (404)', async () => {
    const place = (body: object) =>
      as(supervisor).post('/legal-holds', {
        cameraId: camA,
        from: inWindow(0),
        until: inWindow(60),
        reason: 'Prosecutor asked to preserve it',
        ...body,
      });
    const backwards = await place({ until: inWindow(-1) }).expect(400);
    expect(backwards.body).toMatchObject({ code: 'legal_hold.invalid_window' });
    expect(backwards.body.detail).toMatch(/must be after from/);
    const long = await place({ from: new Date(Date.now() - 40 * 24 * HOUR), until: new Date(Date.now() - 8 * 24 * HOUR) }).expect(400);
    expect(long.body.detail).toMatch(/at most 31 days/);
    const future = await place({ from: new Date(Date.now() + HOUR), until: new Date(Date.now() + 2 * HOUR) }).expect(400);
    expect(future.body.detail).toMatch(/future/);
    expect((await place({ cameraId: '5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b' }).expect(404)).body.code).toBe('camera.not_found');
    expect((await place({ investigationId: '5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b' }).expect(404)).body.code).toBe(
      'investigation.not_found',
    );
    expect((await place({ reason: 'short' }).expect(400)).body.errors[0].field).toBe('reason');
  });

  it('lifts a manual hold with a reason (audited), and refuses to lift it twice', async () => {
    await as(supervisor).post(`/legal-holds/${manualId}/lift`, { reason: 'short' }).expect(400);
    const res = await as(otherSupervisor)
      .post(`/legal-holds/${manualId}/lift`, { reason: 'The prosecutor withdrew the order' })
      .expect(200);
    expect(res.body).toMatchObject({
      id: manualId,
      liftedAt: expect.any(String),
      liftedBy: { userId: otherSupervisor.id, displayName: expect.stringMatching(/SupLe/) },
      liftReason: 'The prosecutor withdrew the order',
      liftable: false,
    });
    expect(await held(clipA.id)).toBe(false);
    const again = await as(supervisor).post(`/legal-holds/${manualId}/lift`, { reason: 'The prosecutor withdrew the order' }).expect(409);
    expect(again.body.code).toBe('legal_hold.already_lifted');
    const lifted = (await as(supervisor).get(`/legal-holds?cameraId=${camA}&active=false&kind=manual`).expect(200)).body.items;
    expect(lifted.map((i: { id: string }) => i.id)).toEqual([manualId]);
    const audit = await h.db.owner.query(`SELECT actor_id, details FROM audit_entries WHERE action = 'hold.lifted' AND subject_id = $1`, [
      manualId,
    ]);
    expect(audit.rows).toEqual([
      { actor_id: otherSupervisor.id, details: { kind: 'manual', reason: 'The prosecutor withdrew the order' } },
    ]);
    await as(supervisor)
      .post('/legal-holds/5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b/lift', { reason: 'The prosecutor withdrew the order' })
      .expect(404);
  });

  it('refuses to lift by hand a hold that a live release or a pending request still needs; lifts it once that ended', async () => {
    // A live release's hold (camB's release expired above; file a fresh one).
    const fresh = await file([camB], 'fourth request');
    await as(supervisor).post(`/footage-requests/${fresh.id}/supervisor-decision`, { decision: 'approve' }).expect(200);
    const holds = (await as(supervisor).get(`/legal-holds?cameraId=${camB}&active=true&kind=release`).expect(200)).body.items as {
      id: string;
      footageRequestId: string;
      releaseId: string;
      liftable: boolean;
    }[];
    const releaseHold = holds.find((x) => x.footageRequestId === fresh.id)!;
    expect(releaseHold.liftable).toBe(false);
    const refused = await as(supervisor).post(`/legal-holds/${releaseHold.id}/lift`, { reason: 'Lifting it by hand anyway' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'legal_hold.still_needed', kind: 'release', releaseId: releaseHold.releaseId });
    expect(refused.body.detail).toMatch(/revoke the release/);

    // A pending request's preservation hold.
    const preservation = (await as(supervisor).get(`/legal-holds?cameraId=${camC}&active=true&kind=preservation`).expect(200)).body
      .items as {
      id: string;
      footageRequestId: string;
      liftable: boolean;
    }[];
    const pendingHold = preservation.find((x) => x.footageRequestId === pendingId)!;
    expect(pendingHold.liftable).toBe(false);
    const refusedToo = await as(supervisor)
      .post(`/legal-holds/${pendingHold.id}/lift`, { reason: 'Lifting it by hand anyway' })
      .expect(409);
    expect(refusedToo.body).toMatchObject({ code: 'legal_hold.still_needed', kind: 'preservation' });

    // Once the release has expired (before the sweep lifted its hold), the hold may be lifted by hand.
    await h.db.owner.query(`UPDATE footage_releases SET expires_at = now() - interval '1 second' WHERE id = $1`, [releaseHold.releaseId]);
    const listed = (await as(supervisor).get(`/legal-holds?cameraId=${camB}&kind=release`).expect(200)).body.items as {
      id: string;
      liftable: boolean;
    }[];
    expect(listed.find((x) => x.id === releaseHold.id)?.liftable).toBe(true);
    await as(supervisor).post(`/legal-holds/${releaseHold.id}/lift`, { reason: 'The release ended; no longer needed' }).expect(200);
  });

  it('officers and residents get 403 on every new route', async () => {
    for (const user of [lead, owner]) {
      await as(user).get('/legal-holds').expect(403);
      await as(user)
        .post('/legal-holds', { cameraId: camA, from: inWindow(0), until: inWindow(60), reason: 'Prosecutor asked to preserve it' })
        .expect(403);
      await as(user).post(`/legal-holds/${manualId}/lift`, { reason: 'The prosecutor withdrew the order' }).expect(403);
      await as(user).get('/footage-requests?decision=approved').expect(403);
    }
  });
});
