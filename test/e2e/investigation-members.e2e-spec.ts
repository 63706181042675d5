import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedWard } from '../support/seed-footage';

/**
 * Issue 13: the lead officer (or a supervisor) removes members and hands the lead over; the officers'
 * list shows each investigation's lead and its requests counted by state, in one query.
 */
describe('investigation members, the lead, and the list with request counts', () => {
  let h: ApiHarness;
  let lead: TestUser;
  let colleague: TestUser;
  let second: TestUser;
  let outsider: TestUser;
  let supervisor: TestUser;
  let owner: TestUser;
  let investigationId: string;
  let camAsk: string;
  let camAuto: string;
  const HOUR = 3_600_000;

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    delete: (path: string) => h.http().delete(path).set('Authorization', `Bearer ${user.token}`),
  });
  const memberIds = (body: { members: { userId: string }[] }) => body.members.map((m) => m.userId).sort();
  const audit = async (action: string) =>
    (
      await h.db.owner.query(
        `SELECT actor_id, subject_id, details FROM audit_entries WHERE action = $1 AND investigation_id = $2 ORDER BY at`,
        [action, investigationId],
      )
    ).rows as { actor_id: string; subject_id: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    h = await startApi();
    [lead, colleague, second, outsider, supervisor, owner] = [
      await h.user('officer'),
      await h.user('officer'),
      await h.user('officer'),
      await h.user('officer'),
      await h.user('supervisor'),
      await h.user('resident'),
    ];
    const ward = await seedWard(h.db.owner, 'members-ward');
    camAsk = await seedCamera(h.db.owner, owner.id, { wardId: ward, label: 'ask' });
    camAuto = await seedCamera(h.db.owner, owner.id, { wardId: ward, label: 'auto', sharingMode: 'auto_release' });
    investigationId = (await as(lead).post('/investigations', { caseNumber: 'MEM-1', title: 'Members', summary: 's' }).expect(201)).body.id;
    await as(lead).post(`/investigations/${investigationId}/members`, { userId: colleague.id }).expect(201);
    await as(lead).post(`/investigations/${investigationId}/members`, { userId: second.id }).expect(201);
  });
  afterAll(() => h.close());

  it('only the lead or a supervisor removes members; the lead cannot be removed', async () => {
    const notLead = await as(colleague).delete(`/investigations/${investigationId}/members/${second.id}`).expect(403);
    expect(notLead.body).toMatchObject({ code: 'investigation.not_lead' });
    expect(notLead.body.detail).toMatch(/only the lead officer of investigation MEM-1 or a supervisor can remove members/);
    const self = await as(lead).delete(`/investigations/${investigationId}/members/${lead.id}`).expect(409);
    expect(self.body).toMatchObject({ code: 'investigation.lead_cannot_be_removed' });
    expect(self.body.detail).toMatch(/hand the lead over to another member first/);
    await as(outsider).delete(`/investigations/${investigationId}/members/${second.id}`).expect(403);
    await as(owner).delete(`/investigations/${investigationId}/members/${second.id}`).expect(403);
  });

  it('a removed member loses access at once; the removal is audited; removing again is 404; adding again works', async () => {
    const res = await as(lead).delete(`/investigations/${investigationId}/members/${second.id}`).expect(200);
    expect(memberIds(res.body)).toEqual([lead.id, colleague.id].sort());
    await as(second).get(`/investigations/${investigationId}`).expect(403);
    expect((await as(second).get('/investigations').expect(200)).body.items).toEqual([]);
    await as(second)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [camAsk],
        from: new Date(Date.now() - 3 * HOUR),
        to: new Date(Date.now() - 2 * HOUR),
        reason: 'r',
        legalBasis: 'l',
      })
      .expect(403);
    expect(await audit('investigation.member_removed')).toEqual([
      { actor_id: lead.id, subject_id: second.id, details: { role: 'officer' } },
    ]);
    // The row stays, for the record of who had access.
    const row = await h.db.owner.query(`SELECT removed_by FROM investigation_members WHERE investigation_id = $1 AND user_id = $2`, [
      investigationId,
      second.id,
    ]);
    expect(row.rows).toEqual([{ removed_by: lead.id }]);
    const again = await as(lead).delete(`/investigations/${investigationId}/members/${second.id}`).expect(404);
    expect(again.body).toMatchObject({ code: 'investigation.member_not_found' });
    await as(lead).delete(`/investigations/${investigationId}/members/${outsider.id}`).expect(404);

    const readded = await as(lead).post(`/investigations/${investigationId}/members`, { userId: second.id }).expect(201);
    expect(memberIds(readded.body)).toEqual([lead.id, colleague.id, second.id].sort());
    await as(second).get(`/investigations/${investigationId}`).expect(200);
    expect((await audit('investigation.member_added')).at(-1)).toMatchObject({
      subject_id: second.id,
      details: { role: 'officer', readded: true },
    });
    // A supervisor, not a member, removes too.
    await as(supervisor).delete(`/investigations/${investigationId}/members/${second.id}`).expect(200);
    expect((await audit('investigation.member_removed')).at(-1)).toMatchObject({ actor_id: supervisor.id, subject_id: second.id });
  });

  it('the lead hands over to an active member officer; then the former lead can be removed', async () => {
    const notLead = await as(colleague).post(`/investigations/${investigationId}/lead`, { userId: colleague.id }).expect(403);
    expect(notLead.body).toMatchObject({ code: 'investigation.not_lead' });
    const outside = await as(lead).post(`/investigations/${investigationId}/lead`, { userId: outsider.id }).expect(422);
    expect(outside.body).toMatchObject({ code: 'investigation.lead_not_eligible' });
    expect(outside.body.detail).toMatch(/is not a member of investigation MEM-1; add them as a member first/);
    // `second` was removed above: a former member cannot lead.
    await as(lead).post(`/investigations/${investigationId}/lead`, { userId: second.id }).expect(422);
    const already = await as(lead).post(`/investigations/${investigationId}/lead`, { userId: lead.id }).expect(422);
    expect(already.body.detail).toMatch(/already leads/);

    const res = await as(lead).post(`/investigations/${investigationId}/lead`, { userId: colleague.id }).expect(200);
    const colleagueName = (await h.db.owner.query(`SELECT display_name FROM users WHERE id = $1`, [colleague.id])).rows[0].display_name;
    expect(res.body).toMatchObject({ leadOfficerId: colleague.id, lead: { userId: colleague.id, displayName: colleagueName } });
    expect(memberIds(res.body)).toEqual([lead.id, colleague.id].sort());
    expect(await audit('investigation.lead_handed_over')).toEqual([
      { actor_id: lead.id, subject_id: colleague.id, details: { from: lead.id, to: colleague.id } },
    ]);
    // The former lead is an ordinary member now.
    await as(lead).delete(`/investigations/${investigationId}/members/${colleague.id}`).expect(403);
    await as(colleague).delete(`/investigations/${investigationId}/members/${lead.id}`).expect(200);
    // A supervisor hands over too (back to a member again).
    await as(colleague).post(`/investigations/${investigationId}/members`, { userId: lead.id }).expect(201);
    await as(supervisor).post(`/investigations/${investigationId}/lead`, { userId: lead.id }).expect(200);
  });

  it('residents cannot hand over, and a closed investigation takes neither removal nor handover', async () => {
    const other = (await as(lead).post('/investigations', { caseNumber: 'MEM-2', title: 'Closed', summary: 's' }).expect(201)).body.id;
    await as(lead).post(`/investigations/${other}/members`, { userId: colleague.id }).expect(201);
    await as(supervisor).post(`/investigations/${other}/close`, { reason: 'done' }).expect(200);
    expect((await as(lead).delete(`/investigations/${other}/members/${colleague.id}`).expect(409)).body.code).toBe('investigation.closed');
    expect((await as(lead).post(`/investigations/${other}/lead`, { userId: colleague.id }).expect(409)).body.code).toBe(
      'investigation.closed',
    );
    await as(owner).post(`/investigations/${other}/lead`, { userId: colleague.id }).expect(403);
  });

  it('the list shows the lead and the requests counted by state; the request list counts cameras by state', async () => {
    const file = async (cameraIds: string[]) =>
      (
        await as(lead)
          .post(`/investigations/${investigationId}/footage-requests`, {
            cameraIds,
            from: new Date(Date.now() - 3 * HOUR),
            to: new Date(Date.now() - 2 * HOUR),
            reason: 'suspect passed',
            legalBasis: 'CPC art. 88',
          })
          .expect(201)
      ).body.id as string;
    const decide = (id: string, decision: 'approve' | 'reject') =>
      as(supervisor)
        .post(`/footage-requests/${id}/supervisor-decision`, {
          decision,
          ...(decision === 'reject' ? { note: 'Not proportionate to the case' } : {}),
        })
        .expect(200);
    await file([camAsk]); // stays pending_supervisor
    await decide(await file([camAsk]), 'approve'); // pending_owner
    await decide(await file([camAuto]), 'approve'); // released
    await decide(await file([camAsk]), 'reject'); // declined
    const mixed = await file([camAsk, camAuto]);
    await decide(mixed, 'approve'); // camAuto released, camAsk waits: pending_owner

    const leadName = (await h.db.owner.query(`SELECT display_name FROM users WHERE id = $1`, [lead.id])).rows[0].display_name;
    const list = await as(lead).get('/investigations').expect(200);
    const item = list.body.items.find((i: { id: string }) => i.id === investigationId);
    expect(item).toMatchObject({
      caseNumber: 'MEM-1',
      leadOfficerId: lead.id,
      lead: { userId: lead.id, displayName: leadName },
      requests: {
        total: 5,
        pendingSupervisor: 1,
        pendingOwner: 2,
        released: 1,
        partiallyReleased: 0,
        declined: 1,
        expired: 0,
        cancelled: 0,
      },
    });
    const closed = list.body.items.find((i: { caseNumber: string }) => i.caseNumber === 'MEM-2');
    expect(closed.requests).toEqual({
      total: 0,
      pendingSupervisor: 0,
      pendingOwner: 0,
      released: 0,
      partiallyReleased: 0,
      declined: 0,
      expired: 0,
      cancelled: 0,
    });
    // Supervisors see the same counts.
    const all = await as(supervisor).get('/investigations').expect(200);
    expect(all.body.items.find((i: { id: string }) => i.id === investigationId).requests.total).toBe(5);

    const requests = await as(lead).get(`/investigations/${investigationId}/footage-requests`).expect(200);
    expect(requests.body.items.find((r: { id: string }) => r.id === mixed)).toMatchObject({
      cameraCount: 2,
      cameraStates: { total: 2, released: 1, pendingOwner: 1, pendingSupervisor: 0 },
      selectionKind: 'cameras',
      exceedsLimits: { area: false, window: false },
    });
  });
});
