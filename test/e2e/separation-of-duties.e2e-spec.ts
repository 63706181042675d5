import { AccountsService } from '@wardwatch/accounts';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard } from '../support/seed-footage';

/**
 * Separation of duties (issue 10, F8): one administrator alone cannot make the accounts that ask
 * for and approve footage, and the supervisor who approves is neither the requester nor a member.
 */
describe('separation of duties: no single person gets footage released', () => {
  let h: ApiHarness;
  let adminA: TestUser;
  let n = 0;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });

  beforeAll(async () => {
    h = await startApi();
    // The first admin, from the CLI's bootstrap path: alone in the installation.
    adminA = await h.user('admin', 'alice');
  });
  afterAll(() => h.close());

  const createStaff = async (by: TestUser, role: string, name: string) => {
    const email = `${name}-${++n}.${h.db.name}@test.wardwatch`;
    const password = `pw-${name}-0123456789`;
    const res = await h.http().post('/users').set(auth(by)).send({ email, password, displayName: name, role }).expect(201);
    return { id: (res.body as { id: string }).id, email, password, body: res.body as Record<string, unknown> };
  };
  const login = ({ email, password }: { email: string; password: string }) => h.http().post('/auth/login').send({ email, password });

  it('one admin alone: the officer and supervisor she creates are pending, cannot sign in, and she cannot confirm them', async () => {
    const officer = await createStaff(adminA, 'officer', 'her-officer');
    const supervisor = await createStaff(adminA, 'supervisor', 'her-supervisor');
    expect(officer.body).toMatchObject({ status: 'pending', role: 'officer', createdBy: adminA.id, roleConfirmedBy: null });

    for (const account of [officer, supervisor]) {
      const res = await login(account).expect(403);
      expect(res.body.detail).toMatch(/waits for a second administrator to confirm it/);
      const self = await h.http().post(`/users/${account.id}/confirm`).set(auth(adminA)).expect(403);
      expect(self.body.detail).toMatch(/you proposed this account; a second, different admin must confirm it/);
      const activate = await h.http().patch(`/users/${account.id}`).set(auth(adminA)).send({ status: 'active' }).expect(409);
      expect(activate.body.detail).toMatch(/has not been confirmed yet; a second admin .* confirms it with POST \/users\/.*\/confirm/);
    }
    // Disabling it and enabling it again does not skip the second admin either.
    await h.http().patch(`/users/${officer.id}`).set(auth(adminA)).send({ status: 'disabled' }).expect(200);
    const again = await h.http().patch(`/users/${officer.id}`).set(auth(adminA)).send({ status: 'active' }).expect(409);
    expect(again.body.detail).toMatch(/has not been confirmed yet/);
    await h.http().post(`/users/${officer.id}/confirm`).set(auth(adminA)).expect(403);
    // A wrong password to a pending account says nothing about it.
    const wrong = await login({ email: officer.email, password: 'not-the-password' }).expect(401);
    expect(wrong.body.detail).toBe('invalid e-mail or password');

    // Nor can she make a second admin to do it for her: that one is pending too.
    const accomplice = await createStaff(adminA, 'admin', 'her-admin');
    expect(accomplice.body).toMatchObject({ status: 'pending', role: 'admin' });
    await login(accomplice).expect(403);

    const { rows } = await h.db.owner.query(`SELECT action, details FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [officer.id]);
    expect(rows.map((r) => r.action)).toEqual(['account.created', 'auth.login_failed', 'account.updated', 'auth.login_failed']);
    expect(rows[0].details).toMatchObject({ role: 'officer', pendingConfirmation: true });
    expect(rows[1].details).toMatchObject({ reason: 'account pending' });
  });

  it('the CLI makes only the two bootstrap admins; further admins go through confirmation', async () => {
    const accounts = h.app.get(AccountsService);
    await h.user('admin', 'bob'); // the second bootstrap admin
    await expect(
      accounts.createFirstAdmin({ email: `third-${h.db.name}@test.wardwatch`, password: 'a-long-password-1', displayName: 'third' }),
    ).rejects.toThrow(/has 2 admin accounts; further admins are created by an admin \(POST \/users\) and confirmed by a second admin/);
  });

  describe('with a second admin', () => {
    let adminB: TestUser;
    let owner: TestUser;
    let cameraId: string;
    let clipId: string;
    const from = new Date(Date.now() - 3 * 3_600_000);
    const to = new Date(Date.now() - 3_600_000);

    beforeAll(async () => {
      adminB = await h.user('admin', 'bob2');
      owner = await h.user('resident');
      const ward = await seedWard(h.db.owner, 'sod-ward');
      cameraId = await seedCamera(h.db.owner, owner.id, { wardId: ward, label: 'gate', sharingMode: 'auto_release' });
      clipId = (
        await seedStoredClip(
          h.db.owner,
          h.app.get(ObjectStore),
          cameraId,
          new Date(from.getTime() + 60_000),
          new Date(from.getTime() + 120_000),
        )
      ).id;
    });

    const signIn = async (account: { email: string; password: string }) =>
      (await login(account).expect(200)).body as { accessToken: string; user: { id: string } };
    const openInvestigation = async (officer: { token: string }, caseNumber: string) =>
      (
        await h
          .http()
          .post('/investigations')
          .set(auth(officer))
          .send({ caseNumber, title: 'Bike theft', summary: 'Red Honda Wave' })
          .expect(201)
      ).body.id as string;
    const file = async (officer: { token: string }, investigationId: string) =>
      (
        await h
          .http()
          .post(`/investigations/${investigationId}/footage-requests`)
          .set(auth(officer))
          .send({ cameraIds: [cameraId], from, to, reason: 'suspect passed the gate', legalBasis: 'CPC art. 88' })
          .expect(201)
      ).body.id as string;
    const decide = (supervisor: { token: string }, requestId: string) =>
      h.http().post(`/footage-requests/${requestId}/supervisor-decision`).set(auth(supervisor)).send({ decision: 'approve' });

    it("a second admin's confirmation makes the accounts work; approval of one admin's two accounts is flagged", async () => {
      const t0 = new Date();
      const officer = await createStaff(adminA, 'officer', 'confirmed-officer');
      const supervisor = await createStaff(adminA, 'supervisor', 'confirmed-supervisor');
      for (const account of [officer, supervisor]) {
        const res = await h.http().post(`/users/${account.id}/confirm`).set(auth(adminB)).expect(200);
        expect(res.body).toMatchObject({ status: 'active', roleProposedBy: adminA.id, roleConfirmedBy: adminB.id });
      }
      await h.http().post(`/users/${officer.id}/confirm`).set(auth(adminB)).expect(409);
      const o = { token: (await signIn(officer)).accessToken };
      const s = { token: (await signIn(supervisor)).accessToken };

      const investigationId = await openInvestigation(o, 'SOD-1');
      const requestId = await file(o, investigationId);
      const approved = await decide(s, requestId).expect(200);
      expect(approved.body.state).toBe('released');
      await h.http().post(`/clips/${clipId}/links`).set(auth(o)).send({ investigationId, kind: 'download', asset: 'clip' }).expect(201);

      const flags = await h
        .http()
        .get(`/audit/flags?from=${encodeURIComponent(t0.toISOString())}`)
        .set(auth(s))
        .expect(200);
      const flag = (flags.body.items as { kind: string; investigationId: string; entries: { details: Record<string, unknown> }[] }[]).find(
        (f) => f.kind === 'same_admin_approval',
      );
      expect(flag).toMatchObject({ investigationId });
      expect(flag!.entries[0].details).toMatchObject({
        adminId: adminA.id,
        requesterId: officer.id,
        requesterConfirmedBy: adminB.id,
        approverId: supervisor.id,
        approverConfirmedBy: adminB.id,
      });
    });

    it('a never-confirmed account that was disabled: the second admin confirms it, it stays disabled until enabled', async () => {
      const officer = await createStaff(adminA, 'officer', 'disabled-before-confirmation');
      await h.http().patch(`/users/${officer.id}`).set(auth(adminA)).send({ status: 'disabled' }).expect(200);
      const confirmed = await h.http().post(`/users/${officer.id}/confirm`).set(auth(adminB)).expect(200);
      expect(confirmed.body).toMatchObject({ status: 'disabled', roleConfirmedBy: adminB.id });
      await login(officer).expect(401);
      await h.http().patch(`/users/${officer.id}`).set(auth(adminA)).send({ status: 'active' }).expect(200);
      await login(officer).expect(200);
    });

    it('accounts set up by different admins: the approval is not flagged', async () => {
      const t0 = new Date();
      const officer = await createStaff(adminA, 'officer', 'a-officer');
      const supervisor = await createStaff(adminB, 'supervisor', 'b-supervisor');
      await h.http().post(`/users/${officer.id}/confirm`).set(auth(adminB)).expect(200);
      await h.http().post(`/users/${supervisor.id}/confirm`).set(auth(adminA)).expect(200);
      const o = { token: (await signIn(officer)).accessToken };
      const s = { token: (await signIn(supervisor)).accessToken };
      const investigationId = await openInvestigation(o, 'SOD-2');
      await decide(s, await file(o, investigationId)).expect(200);
      const flags = await h
        .http()
        .get(`/audit/flags?from=${encodeURIComponent(t0.toISOString())}`)
        .set(auth(s))
        .expect(200);
      expect((flags.body.items as { kind: string }[]).filter((f) => f.kind === 'same_admin_approval')).toEqual([]);
    });

    it('the requester cannot approve their own request, even after becoming a supervisor', async () => {
      const officer = await h.user('officer');
      const investigationId = await openInvestigation(officer, 'SOD-3');
      const requestId = await file(officer, investigationId);
      await h.http().patch(`/users/${officer.id}`).set(auth(adminA)).send({ role: 'supervisor' }).expect(200);
      await h.confirm(officer.id);
      const res = await decide(officer, requestId).expect(403);
      expect(res.body.detail).toBe('you filed this footage request; a different supervisor must decide it');
      const { rows } = await h.db.owner.query(`SELECT state, supervisor_id FROM footage_requests WHERE id = $1`, [requestId]);
      expect(rows[0]).toEqual({ state: 'pending_supervisor', supervisor_id: null });
      const refused = await h.db.owner.query(
        `SELECT details FROM audit_entries WHERE action = 'access.refused' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`,
        [officer.id],
      );
      expect(refused.rows[0].details).toMatchObject({ reason: expect.stringMatching(/you filed this footage request/) });
    });

    it('a supervisor who is a member of the investigation cannot decide its requests; one outside it can', async () => {
      const officer = await h.user('officer');
      const member = await h.user('supervisor');
      const outside = await h.user('supervisor');
      const investigationId = await openInvestigation(officer, 'SOD-4');
      await h.http().post(`/investigations/${investigationId}/members`).set(auth(officer)).send({ userId: member.id }).expect(201);
      const requestId = await file(officer, investigationId);
      const res = await decide(member, requestId).expect(403);
      expect(res.body.detail).toBe(
        'you are a member of investigation SOD-4; a supervisor outside the investigation must decide its requests',
      );
      await decide(outside, requestId).expect(200);
    });

    it('a role change to a staff role waits for a second admin; the old role stays until then', async () => {
      const officer = await h.user('officer');
      await h.http().get('/audit/verify').set(auth(officer)).expect(403);
      const proposed = await h.http().patch(`/users/${officer.id}`).set(auth(adminA)).send({ role: 'supervisor' }).expect(200);
      expect(proposed.body).toMatchObject({ role: 'officer', pendingRole: 'supervisor', pendingRoleBy: adminA.id });
      // Still an officer: the token works as before, the new powers do not.
      await h.http().get('/audit/verify').set(auth(officer)).expect(403);
      const self = await h.http().post(`/users/${officer.id}/confirm`).set(auth(adminA)).expect(403);
      expect(self.body.detail).toMatch(/you proposed this role change; a second, different admin must confirm it/);
      const confirmed = await h.http().post(`/users/${officer.id}/confirm`).set(auth(adminB)).expect(200);
      expect(confirmed.body).toMatchObject({
        role: 'supervisor',
        pendingRole: null,
        roleProposedBy: adminA.id,
        roleConfirmedBy: adminB.id,
      });
      await h.http().get('/audit/verify').set(auth(officer)).expect(200);

      const { rows } = await h.db.owner.query(
        `SELECT action, actor_id, details FROM audit_entries WHERE subject_id = $1 AND action LIKE 'account.%' ORDER BY seq`,
        [officer.id],
      );
      expect(rows.map((r) => [r.action, r.actor_id])).toEqual(
        expect.arrayContaining([
          ['account.role_change_proposed', adminA.id],
          ['account.confirmed', adminB.id],
        ]),
      );
      expect(rows.filter((r) => r.action === 'account.confirmed').at(-1).details).toMatchObject({
        kind: 'role_change',
        role: 'supervisor',
        proposedBy: adminA.id,
      });
    });

    it('taking powers away (to resident) applies at once', async () => {
      const supervisor = await h.user('supervisor');
      await h.http().get('/audit/verify').set(auth(supervisor)).expect(200);
      const res = await h.http().patch(`/users/${supervisor.id}`).set(auth(adminA)).send({ role: 'resident' }).expect(200);
      expect(res.body).toMatchObject({ role: 'resident', pendingRole: null });
      await h.http().get('/audit/verify').set(auth(supervisor)).expect(403);
    });

    // Last: the withdrawal ends the camera's part in the tests above.
    it('after the owner withdraws consent, released footage gets no new link (the release and its hold stay)', async () => {
      const officer = await h.user('officer');
      const investigationId = await openInvestigation(officer, 'SOD-WITHDRAW');
      const requestId = await file(officer, investigationId);
      await decide(await h.user('supervisor'), requestId).expect(200);
      const link = () => h.http().post(`/clips/${clipId}/links`).set(auth(officer)).send({ investigationId, kind: 'view', asset: 'clip' });
      await link().expect(201);
      await h.http().post(`/cameras/${cameraId}/consent/withdraw`).set(auth(owner)).expect(200);
      const refused = await link().expect(403);
      expect(refused.body.detail).toMatch(
        /the owner of this camera withdrew consent at .*: its released footage can no longer be viewed or downloaded/,
      );
      const { rows } = await h.db.owner.query(`SELECT status FROM clips WHERE id = $1`, [clipId]);
      expect(rows[0].status).toBe('stored');
    });
  });
});
