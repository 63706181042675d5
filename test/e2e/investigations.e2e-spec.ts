import { createHash } from 'node:crypto';
import { clipIsHeldSql } from '@wardwatch/footage';
import { InvestigationsService } from '@wardwatch/investigations';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { openLink } from '../support/links';
import { clipIsHeld, seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';

const HOUR = 3_600_000;
const windowFrom = new Date(Date.now() - 6 * HOUR);
const windowTo = new Date(Date.now() - 2 * HOUR);
const inWindow = (offsetMinutes: number) => new Date(windowFrom.getTime() + offsetMinutes * 60_000);

/** Opens a link as its user (GET /links/{id} with their token, following the redirect to the store). */
async function fetchBytes(
  h: ApiHarness,
  user: TestUser,
  url: string,
): Promise<{ status: number; bytes: Buffer; disposition: string | null }> {
  const opened = await openLink(h, url, user);
  return {
    status: opened.store?.status ?? opened.status,
    bytes: opened.store?.bytes ?? Buffer.alloc(0),
    disposition: opened.store?.disposition ?? null,
  };
}

describe('investigations, footage requests, releases and links (supervisor approval on)', () => {
  let h: ApiHarness;
  let lead: TestUser;
  let colleague: TestUser;
  let outsider: TestUser;
  let supervisor: TestUser;
  let askOwner: TestUser;
  let autoOwner: TestUser;
  let decliningOwner: TestUser;
  let camAsk: string;
  let camAuto: string;
  let camDeclined: string;
  let camNoSearch: string;
  let camPaused: string;
  let clipAsk: SeededClip;
  let clipAuto: SeededClip;
  let clipDeclined: SeededClip;
  let clipOutside: SeededClip;
  let investigationId: string;
  let requestId: string;
  let linksIssued = 0;

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
  });
  const link = (user: TestUser, clipId: string, body: object) => as(user).post(`/clips/${clipId}/links`, { investigationId, ...body });
  const held = (clipId: string) => clipIsHeld(h.db.owner, clipIsHeldSql, clipId);
  const displayName = async (user: TestUser) =>
    (await h.db.owner.query(`SELECT display_name FROM users WHERE id = $1`, [user.id])).rows[0].display_name as string;

  beforeAll(async () => {
    h = await startApi();
    [lead, colleague, outsider, supervisor] = [
      await h.user('officer'),
      await h.user('officer'),
      await h.user('officer'),
      await h.user('supervisor'),
    ];
    [askOwner, autoOwner, decliningOwner] = [await h.user('resident'), await h.user('resident'), await h.user('resident')];
    const db = h.db.owner;
    const ward = await seedWard(db, 'inv-ward');
    camAsk = await seedCamera(db, askOwner.id, { wardId: ward, label: 'ask gate' });
    camAuto = await seedCamera(db, autoOwner.id, { wardId: ward, label: 'auto porch', sharingMode: 'auto_release' });
    camDeclined = await seedCamera(db, decliningOwner.id, { wardId: ward, label: 'declining alley' });
    camNoSearch = await seedCamera(db, askOwner.id, { wardId: ward, label: 'no search', purposes: ['event_metadata', 'clips'] });
    camPaused = await seedCamera(db, askOwner.id, { wardId: ward, label: 'paused', state: 'paused' });
    const store = h.app.get(ObjectStore);
    clipAsk = await seedStoredClip(db, store, camAsk, inWindow(10), inWindow(11));
    clipAuto = await seedStoredClip(db, store, camAuto, inWindow(20), inWindow(21));
    clipDeclined = await seedStoredClip(db, store, camDeclined, inWindow(30), inWindow(31));
    clipOutside = await seedStoredClip(
      db,
      store,
      camAsk,
      new Date(windowTo.getTime() + HOUR),
      new Date(windowTo.getTime() + HOUR + 60_000),
    );
  });
  afterAll(() => h.close());

  it('an officer opens an investigation and becomes its lead and first member; case numbers are unique', async () => {
    const res = await as(lead)
      .post('/investigations', { caseNumber: 'HCM-2026-001', title: 'Bike theft', summary: 'Red Honda Wave' })
      .expect(201);
    investigationId = res.body.id;
    expect(res.body).toMatchObject({ status: 'open', leadOfficerId: lead.id, members: [expect.objectContaining({ userId: lead.id })] });
    const dup = await as(colleague).post('/investigations', { caseNumber: 'HCM-2026-001', title: 'x', summary: 'y' }).expect(409);
    expect(dup.body.detail).toMatch(/HCM-2026-001 already has an investigation/);
  });

  it('members add officers; non-members can neither add nor read; residents cannot be members', async () => {
    await as(outsider).post(`/investigations/${investigationId}/members`, { userId: outsider.id }).expect(403);
    expect((await as(outsider).get(`/investigations/${investigationId}`).expect(403)).body.detail).toMatch(
      /not a member of investigation HCM-2026-001/,
    );
    const bad = await as(lead).post(`/investigations/${investigationId}/members`, { userId: askOwner.id }).expect(422);
    expect(bad.body.detail).toMatch(/is a resident/);
    const res = await as(lead).post(`/investigations/${investigationId}/members`, { userId: colleague.id }).expect(201);
    expect(res.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual([lead.id, colleague.id].sort());
    await as(lead).post(`/investigations/${investigationId}/members`, { userId: colleague.id }).expect(409);
    expect((await as(outsider).get('/investigations').expect(200)).body.items).toEqual([]);
    expect((await as(colleague).get('/investigations').expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([investigationId]);
    await as(supervisor).get(`/investigations/${investigationId}`).expect(200);
  });

  it('cameras whose consent does not allow police requests are refused, each with its reason', async () => {
    const res = await as(lead)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [camAsk, camNoSearch, camPaused],
        from: windowFrom,
        to: windowTo,
        reason: 'suspect passed',
        legalBasis: 'CPC art. 88',
      })
      .expect(422);
    expect(res.body.cameras).toEqual(
      expect.arrayContaining([
        { cameraId: camNoSearch, reason: expect.stringMatching(/police_search/) },
        { cameraId: camPaused, reason: expect.stringMatching(/paused/) },
      ]),
    );
    expect(res.body.cameras).toHaveLength(2);
    await as(outsider)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [camAsk],
        from: windowFrom,
        to: windowTo,
        reason: 'r',
        legalBasis: 'l',
      })
      .expect(403);
    const future = await as(lead)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [camAsk],
        from: windowFrom,
        to: new Date(Date.now() + HOUR),
        reason: 'r',
        legalBasis: 'l',
      })
      .expect(400);
    expect(future.body.detail).toMatch(/future/);
  });

  it('filing a request puts the window on a preservation hold; nothing can be fetched before a release', async () => {
    const res = await as(lead)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [camAsk, camAuto, camDeclined],
        from: windowFrom,
        to: windowTo,
        reason: 'Suspect seen leaving along the alley',
        legalBasis: 'Criminal Procedure Code art. 88',
      })
      .expect(201);
    requestId = res.body.id;
    expect(res.body.state).toBe('pending_supervisor');
    expect(res.body.cameras.map((c: { state: string }) => c.state)).toEqual([
      'pending_supervisor',
      'pending_supervisor',
      'pending_supervisor',
    ]);
    const holds = await h.db.owner.query(
      `SELECT camera_id FROM legal_holds WHERE footage_request_id = $1 AND kind = 'preservation' AND lifted_at IS NULL`,
      [requestId],
    );
    expect(holds.rows.map((r) => r.camera_id).sort()).toEqual([camAsk, camAuto, camDeclined].sort());
    expect(await held(clipAsk.id)).toBe(true);
    expect(await held(clipDeclined.id)).toBe(true);
    expect(await held(clipOutside.id)).toBe(false);

    const refused = await link(lead, clipAuto.id, { kind: 'download' }).expect(403);
    expect(refused.body.detail).toMatch(/not covered by a live release/);
    expect((await as(lead).get(`/investigations/${investigationId}/clips`).expect(200)).body).toEqual({ items: [], next: null });
  });

  it('owners do not see a request before the supervisor approves it, and cannot answer it', async () => {
    expect((await as(askOwner).get('/owner/footage-requests').expect(200)).body.items).toEqual([]);
    await as(askOwner).post(`/owner/footage-requests/${requestId}/cameras/${camAsk}/decision`, { decision: 'approve' }).expect(404);
    await as(lead).post(`/footage-requests/${requestId}/supervisor-decision`, { decision: 'approve' }).expect(403);
  });

  it('supervisor approval releases auto-release cameras at once and sends the others to their owners', async () => {
    const res = await as(supervisor)
      .post(`/footage-requests/${requestId}/supervisor-decision`, { decision: 'approve', note: 'proportionate' })
      .expect(200);
    expect(res.body.state).toBe('pending_owner');
    const byCamera = Object.fromEntries(res.body.cameras.map((c: { cameraId: string; state: string }) => [c.cameraId, c.state]));
    expect(byCamera).toEqual({ [camAsk]: 'pending_owner', [camAuto]: 'released', [camDeclined]: 'pending_owner' });
    await as(supervisor)
      .post(`/footage-requests/${requestId}/supervisor-decision`, { decision: 'reject', note: 'Changed my mind about it' })
      .expect(409);

    const clips = (await as(lead).get(`/footage-requests/${requestId}/clips`).expect(200)).body.items;
    expect(clips.map((c: { clipId: string }) => c.clipId)).toEqual([clipAuto.id]);
    expect(clips[0]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), hasThumbnail: true, camera: { id: camAuto } });
  });

  it('a member gets short-lived links whose bytes are the clip and its thumbnail', async () => {
    const view = await link(lead, clipAuto.id, { kind: 'view' }).expect(201);
    linksIssued++;
    expect(new Date(view.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(h.config.DOWNLOAD_LINK_TTL_SECONDS * 1000);
    expect(view.body.url).toBe(`/api/v1/links/${view.body.id}`);
    const viewed = await fetchBytes(h, lead, view.body.url);
    expect(viewed.status).toBe(200);
    expect(viewed.bytes.equals(clipAuto.bytes)).toBe(true);

    const download = await link(colleague, clipAuto.id, { kind: 'download' }).expect(201);
    linksIssued++;
    const downloaded = await fetchBytes(h, colleague, download.body.url);
    expect(downloaded.bytes.equals(clipAuto.bytes)).toBe(true);
    expect(downloaded.disposition).toMatch(/attachment; filename="HCM-2026-001-/);

    const thumb = await link(lead, clipAuto.id, { kind: 'view', asset: 'thumbnail' }).expect(201);
    linksIssued++;
    expect((await fetchBytes(h, lead, thumb.body.url)).bytes.equals(clipAuto.thumbnailBytes)).toBe(true);
  });

  it('no link for a non-member, for a camera still waiting for its owner, or for a clip outside the window', async () => {
    expect((await link(outsider, clipAuto.id, { kind: 'view' }).expect(403)).body.detail).toMatch(/not a member/);
    await as(outsider).get(`/investigations/${investigationId}/clips`).expect(403);
    await link(lead, clipAsk.id, { kind: 'view' }).expect(403);
    await link(lead, clipOutside.id, { kind: 'view' }).expect(403);
  });

  it('owners see the case, reason, window and legal basis for their own camera only, and decide it', async () => {
    const inbox = (await as(askOwner).get('/owner/footage-requests').expect(200)).body.items;
    expect(inbox).toEqual([
      expect.objectContaining({
        requestId,
        caseNumber: 'HCM-2026-001',
        reason: 'Suspect seen leaving along the alley',
        legalBasis: 'Criminal Procedure Code art. 88',
        windowFrom: windowFrom.toISOString(),
        windowTo: windowTo.toISOString(),
        camera: { id: camAsk, label: 'ask gate' },
        state: 'pending_owner',
      }),
    ]);
    expect(JSON.stringify(inbox)).not.toContain(camDeclined);
    // Another owner's camera is not theirs to answer.
    await as(askOwner).post(`/owner/footage-requests/${requestId}/cameras/${camDeclined}/decision`, { decision: 'approve' }).expect(404);

    const declined = await as(decliningOwner)
      .post(`/owner/footage-requests/${requestId}/cameras/${camDeclined}/decision`, { decision: 'decline', note: 'faces my yard' })
      .expect(200);
    expect(declined.body).toMatchObject({ state: 'declined', note: 'faces my yard' });
    expect(await held(clipDeclined.id)).toBe(false);
    await link(lead, clipDeclined.id, { kind: 'view' }).expect(403);

    const approved = await as(askOwner)
      .post(`/owner/footage-requests/${requestId}/cameras/${camAsk}/decision`, { decision: 'approve' })
      .expect(200);
    expect(approved.body.state).toBe('released');
    await as(askOwner).post(`/owner/footage-requests/${requestId}/cameras/${camAsk}/decision`, { decision: 'decline' }).expect(409);

    const request = (await as(lead).get(`/footage-requests/${requestId}`).expect(200)).body;
    expect(request.state).toBe('partially_released');
    const l = await link(lead, clipAsk.id, { kind: 'download' }).expect(201);
    linksIssued++;
    expect((await fetchBytes(h, lead, l.body.url)).bytes.equals(clipAsk.bytes)).toBe(true);
  });

  it('released clips are on a release legal hold that retention respects', async () => {
    expect(await held(clipAsk.id)).toBe(true);
    expect(await held(clipAuto.id)).toBe(true);
    const holds = await h.db.owner.query(
      `SELECT kind, camera_id FROM legal_holds WHERE footage_request_id = $1 AND lifted_at IS NULL ORDER BY camera_id`,
      [requestId],
    );
    expect(holds.rows).toEqual([camAsk, camAuto].sort().map((camera_id) => ({ kind: 'release', camera_id })));
  });

  it('every link issued is in the audit log: who, which clip, which investigation, view or download', async () => {
    const entries = (await h.db.owner.query(`SELECT * FROM audit_entries WHERE action = 'link.issued' ORDER BY seq`)).rows;
    expect(entries).toHaveLength(linksIssued);
    expect(entries.map((e) => [e.actor_id, e.subject_id, e.investigation_id, e.details.kind, e.details.asset])).toEqual([
      [lead.id, clipAuto.id, investigationId, 'view', 'clip'],
      [colleague.id, clipAuto.id, investigationId, 'download', 'clip'],
      [lead.id, clipAuto.id, investigationId, 'view', 'thumbnail'],
      [lead.id, clipAsk.id, investigationId, 'download', 'clip'],
    ]);
    expect(entries.every((e) => e.camera_id !== null)).toBe(true);
    // The owner's transparency view shows who fetched their footage (name and role, no account id), for which case.
    const leadName = await displayName(lead);
    const accessLog = (await as(askOwner).get(`/cameras/${camAsk}/access-log`).expect(200)).body;
    expect(accessLog.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'link.issued',
          actor: { name: leadName, role: 'officer' },
          purpose: expect.objectContaining({ investigationCaseNumber: 'HCM-2026-001' }),
          details: expect.objectContaining({ kind: 'download', asset: 'clip', clipId: clipAsk.id }),
        }),
      ]),
    );
    expect(JSON.stringify(accessLog)).not.toContain(lead.id);
  });

  it('the owner’s access log shows each search that returned the camera: who, role, when, which case; paged by cursor', async () => {
    const search = (user: TestUser, query: object) =>
      h
        .http()
        .get('/search/cameras')
        .query({ lat: 10.79, lon: 106.69, radiusM: 200, from: windowFrom.toISOString(), to: windowTo.toISOString(), ...query })
        .set('Authorization', `Bearer ${user.token}`)
        .expect(200);
    const found = (await search(colleague, { investigationId })).body.items.map((c: { id: string }) => c.id);
    expect(found).toContain(camAsk);
    for (let i = 0; i < 3; i++) await search(lead, { investigationId });

    const all = (await as(askOwner).get(`/cameras/${camAsk}/access-log?limit=200`).expect(200)).body;
    expect(all.next).toBeNull();
    const searches = all.items.filter((e: { action: string }) => e.action === 'search.performed');
    expect(searches).toHaveLength(4);
    expect(searches[searches.length - 1]).toMatchObject({
      actor: { name: await displayName(colleague), role: 'officer' },
      purpose: { investigationCaseNumber: 'HCM-2026-001' },
      details: { place: expect.any(Object), from: windowFrom.toISOString(), to: windowTo.toISOString() },
    });
    expect(new Date(searches[0].at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Other residents' cameras the same searches returned are not shown to this owner.
    expect(JSON.stringify(all)).not.toContain(camAuto);

    // Page by page, two at a time: the same entries, newest first, each once.
    const paged: { seq: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { seq: string }[]; next: string | null } = (
        await as(askOwner)
          .get(`/cameras/${camAsk}/access-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200)
      ).body;
      paged.push(...page.items);
      cursor = page.next;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(paged.map((e) => e.seq)).toEqual(all.items.map((e: { seq: string }) => e.seq));
    await as(askOwner).get(`/cameras/${camAsk}/access-log?cursor=abc`).expect(400);
  });

  it('after a release expires nothing more can be fetched and its hold lifts', async () => {
    await h.db.owner.query(
      `UPDATE footage_releases SET expires_at = now() - interval '1 second' WHERE request_id = $1 AND camera_id = $2`,
      [requestId, camAuto],
    );
    await link(lead, clipAuto.id, { kind: 'view' }).expect(403);
    const request = (await as(lead).get(`/footage-requests/${requestId}`).expect(200)).body;
    expect(request.cameras.find((c: { cameraId: string }) => c.cameraId === camAuto).release.live).toBe(false);
    expect(await held(clipAuto.id)).toBe(false);
    expect(await held(clipAsk.id)).toBe(true);
    const expired = await h.db.owner.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'footage.release_expired'`);
    expect(expired.rows[0].n).toBe(1);
  });

  it('an unanswered request expires and its preservation hold lifts; a rejected one never reaches owners', async () => {
    const file = async () =>
      (
        await as(lead)
          .post(`/investigations/${investigationId}/footage-requests`, {
            cameraIds: [camDeclined],
            from: inWindow(25),
            to: inWindow(40),
            reason: 'second look',
            legalBasis: 'CPC art. 88',
          })
          .expect(201)
      ).body.id as string;
    const late = await file();
    expect(await held(clipDeclined.id)).toBe(true);
    await h.db.owner.query(`UPDATE footage_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [late]);
    expect((await as(lead).get(`/footage-requests/${late}`).expect(200)).body).toMatchObject({
      state: 'expired',
      cameras: [{ state: 'expired' }],
    });
    expect(await held(clipDeclined.id)).toBe(false);
    await as(supervisor).post(`/footage-requests/${late}/supervisor-decision`, { decision: 'approve' }).expect(409);

    const rejected = await file();
    const res = await as(supervisor)
      .post(`/footage-requests/${rejected}/supervisor-decision`, { decision: 'reject', note: 'too broad for the case' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'declined', cameras: [{ state: 'rejected' }] });
    expect(await held(clipDeclined.id)).toBe(false);
    const inbox = (await as(decliningOwner).get('/owner/footage-requests').expect(200)).body.items;
    expect(inbox.map((i: { requestId: string }) => i.requestId)).toEqual([requestId]);

    const queue = (await as(supervisor).get('/footage-requests?state=expired').expect(200)).body.items;
    expect(queue.map((r: { id: string }) => r.id)).toEqual([late]);
  });

  it('the owner’s access log reveals no hold or request that a supervisor has not approved or rejected', async () => {
    const pending = (
      await as(lead)
        .post(`/investigations/${investigationId}/footage-requests`, {
          cameraIds: [camDeclined],
          from: inWindow(25),
          to: inWindow(40),
          reason: 'third look',
          legalBasis: 'CPC art. 88',
        })
        .expect(201)
    ).body.id as string;
    // The audit log has holds on this camera for the expired, the rejected and the pending request...
    const raw = await h.db.owner.query(`SELECT action FROM audit_entries WHERE camera_id = $1 AND action LIKE 'hold.%'`, [camDeclined]);
    expect(raw.rows.length).toBeGreaterThanOrEqual(5);
    // ...and the owner sees none of them, nor the requests, nor who filed them.
    const log = (await as(decliningOwner).get(`/cameras/${camDeclined}/access-log?limit=200`).expect(200)).body;
    const actions: string[] = log.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a) => a.startsWith('hold.') || a.startsWith('footage_request.filed') || a.includes('supervisor'))).toEqual([]);
    expect(JSON.stringify(log)).not.toContain(pending);
    expect(JSON.stringify(log)).not.toMatch(/too broad|third look|second look/);
    // What the owner did decide is there.
    expect(actions).toContain('footage_request.owner_declined');
  });

  it('the evidence export gets each live released clip with camera, place, times, hashes, keys, and the decisions', async () => {
    const evidence = await h.app.get(InvestigationsService).evidence(investigationId);
    expect(evidence.investigation.caseNumber).toBe('HCM-2026-001');
    // camAuto's release expired above; only camAsk's clip is still released.
    expect(evidence.clips).toEqual([
      expect.objectContaining({
        clipId: clipAsk.id,
        objectKey: clipAsk.objectKey,
        thumbnailKey: clipAsk.thumbnailKey,
        sha256: createHash('sha256').update(clipAsk.bytes).digest('hex'),
        startedAt: inWindow(10),
        camera: expect.objectContaining({ id: camAsk, label: 'ask gate', latitude: 10.79, longitude: 106.69, ownerId: askOwner.id }),
        release: expect.objectContaining({ requestId }),
      }),
    ]);
    const request = evidence.requests.find((r) => r.id === requestId)!;
    expect(request.supervisor).toMatchObject({ decision: 'approved', by: supervisor.id, note: 'proportionate' });
    expect(request.cameras.map((c) => [c.cameraId, c.state]).sort()).toEqual(
      [
        [camAsk, 'released'],
        [camAuto, 'released'],
        [camDeclined, 'declined'],
      ].sort(),
    );
  });

  let pendingAtClose: string;

  it('two decisions on one request at once: exactly one wins', async () => {
    pendingAtClose = (
      await as(colleague)
        .post(`/investigations/${investigationId}/footage-requests`, {
          cameraIds: [camDeclined],
          from: inWindow(0),
          to: inWindow(60),
          reason: 'third look',
          legalBasis: 'CPC art. 88',
        })
        .expect(201)
    ).body.id;
    const decide = () => as(supervisor).post(`/footage-requests/${pendingAtClose}/supervisor-decision`, { decision: 'approve' });
    const statuses = (await Promise.all([decide(), decide(), decide()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const approvals = await h.db.owner.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'footage_request.supervisor_approved' AND subject_id = $1`,
      [pendingAtClose],
    );
    expect(approvals.rows[0].n).toBe(1);
    expect(await held(clipDeclined.id)).toBe(true);
  });

  it('closing the investigation revokes its releases and lifts every hold it placed', async () => {
    await as(lead).post(`/investigations/${investigationId}/close`, { reason: 'done' }).expect(403);
    const res = await as(supervisor)
      .post(`/investigations/${investigationId}/close`, { reason: 'Case closed by the prosecutor' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'closed', closedBy: supervisor.id });
    await link(lead, clipAsk.id, { kind: 'view' }).expect(403);
    expect(await held(clipAsk.id)).toBe(false);
    const active = await h.db.owner.query(`SELECT count(*)::int AS n FROM legal_holds WHERE investigation_id = $1 AND lifted_at IS NULL`, [
      investigationId,
    ]);
    expect(active.rows[0].n).toBe(0);
    expect((await as(supervisor).get(`/footage-requests/${pendingAtClose}`).expect(200)).body).toMatchObject({
      state: 'cancelled',
      cameras: [{ state: 'cancelled' }],
    });
    expect(await held(clipDeclined.id)).toBe(false);
    await as(lead)
      .post(`/investigations/${investigationId}/footage-requests`, {
        cameraIds: [camAsk],
        from: windowFrom,
        to: windowTo,
        reason: 'r',
        legalBasis: 'l',
      })
      .expect(409);
    await as(supervisor).post(`/investigations/${investigationId}/close`, { reason: 'again' }).expect(409);
  });
});

describe('footage requests without a supervisor step (FOOTAGE_SUPERVISOR_APPROVAL=false), by area and ward', () => {
  let h: ApiHarness;
  let officer: TestUser;
  let owner: TestUser;
  let ward: string;
  let camAuto: string;
  let camAsk: string;
  let camFar: string;
  let investigationId: string;

  beforeAll(async () => {
    h = await startApi({ FOOTAGE_SUPERVISOR_APPROVAL: 'false' });
    officer = await h.user('officer');
    owner = await h.user('resident');
    ward = await seedWard(h.db.owner, 'area-ward');
    const other = await seedWard(h.db.owner, 'other-ward');
    camAuto = await seedCamera(h.db.owner, owner.id, { wardId: ward, sharingMode: 'auto_release', latitude: 10.79, longitude: 106.69 });
    camAsk = await seedCamera(h.db.owner, owner.id, { wardId: ward, latitude: 10.7901, longitude: 106.6901 });
    await seedCamera(h.db.owner, owner.id, { wardId: ward, purposes: ['event_metadata'], latitude: 10.79, longitude: 106.69 });
    camFar = await seedCamera(h.db.owner, owner.id, { wardId: other, latitude: 10.8, longitude: 106.7 });
    investigationId = (
      await h
        .http()
        .post('/investigations')
        .set('Authorization', `Bearer ${officer.token}`)
        .send({ caseNumber: 'HCM-2', title: 't', summary: 's' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => h.close());

  const file = (body: object) =>
    h
      .http()
      .post(`/investigations/${investigationId}/footage-requests`)
      .set('Authorization', `Bearer ${officer.token}`)
      .send({ from: windowFrom, to: windowTo, reason: 'r', legalBasis: 'l', ...body });

  it('an area resolves to the consenting cameras within the radius; auto-release releases at once, owners are asked at once', async () => {
    const res = await file({ area: { latitude: 10.79, longitude: 106.69, radiusMetres: 100 } }).expect(201);
    expect(res.body.supervisorRequired).toBe(false);
    expect(res.body.selection).toEqual({ kind: 'radius', latitude: 10.79, longitude: 106.69, radiusMetres: 100 });
    const byCamera = Object.fromEntries(res.body.cameras.map((c: { cameraId: string; state: string }) => [c.cameraId, c.state]));
    expect(byCamera).toEqual({ [camAuto]: 'released', [camAsk]: 'pending_owner' });
    expect(res.body.state).toBe('pending_owner');
    const inbox = (await h.http().get('/owner/footage-requests').set('Authorization', `Bearer ${owner.token}`).expect(200)).body.items;
    // The owner sees the state of each of their cameras: the auto-released one too (no answer needed).
    const states = Object.fromEntries(inbox.map((i: { camera: { id: string }; state: string }) => [i.camera.id, i.state]));
    expect(states).toEqual({ [camAuto]: 'released', [camAsk]: 'pending_owner' });
  });

  it('consent is read again when the owner answers: a paused camera cannot be released until resumed', async () => {
    const owned = (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${owner.token}`).send(body);
    const request = (await file({ cameraIds: [camAsk] }).expect(201)).body.id as string;
    await owned(`/cameras/${camAsk}/consent/pause`).expect(200);
    const refused = await owned(`/owner/footage-requests/${request}/cameras/${camAsk}/decision`, { decision: 'approve' }).expect(409);
    expect(refused.body.detail).toMatch(/paused consent/);
    await owned(`/cameras/${camAsk}/consent/resume`).expect(200);
    await owned(`/owner/footage-requests/${request}/cameras/${camAsk}/decision`, { decision: 'approve' }).expect(200);
    const audit = await h.db.owner.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'footage.released' AND details->>'requestId' = $1 AND camera_id = $2`,
      [request, camAsk],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('a ward resolves to its consenting cameras; an area without any is refused', async () => {
    const res = await file({ wardId: ward }).expect(201);
    expect(res.body.cameras.map((c: { cameraId: string }) => c.cameraId).sort()).toEqual([camAuto, camAsk].sort());
    expect(res.body.cameras.map((c: { cameraId: string }) => c.cameraId)).not.toContain(camFar);
    const none = await file({ area: { latitude: 10.5, longitude: 106.5, radiusMetres: 50 } }).expect(422);
    expect(none.body.detail).toMatch(/no camera in that area/);
    await file({ wardId: ward, cameraIds: [camAsk] }).expect(400);
  });
});
