import { ObjectStore } from '@wardwatch/storage';
import { STORE_URL_SECONDS } from '@wardwatch/investigations';
import { SESSION_COOKIE } from '../../apps/api/src/auth/session-cookies';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { linkBytes, openLink } from '../support/links';
import { seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const windowFrom = new Date(Date.now() - 6 * HOUR);
const windowTo = new Date(Date.now() - 2 * HOUR);
const inWindow = (minutes: number) => new Date(windowFrom.getTime() + minutes * 60_000);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Link {
  id: string;
  url: string;
  expiresAt: string;
}

interface ListedLink {
  id: string;
  state: string;
  openedCount: number;
  lastOpenedAt: string | null;
  issuedTo: { id: string; name: string };
  camera: { id: string; label: string };
  kind: string;
  asset: string;
  revokedBy: { role: string } | null;
  revokeReason: string | null;
  refusal: string | null;
}

/**
 * Links to released clips are the API's own URLs: each opening is checked (issued to the caller,
 * live), counted, audited as link.opened and redirected to a short store URL; supervisors list
 * and revoke them.
 */
describe('revocable links to released clips', () => {
  let h: ApiHarness;
  let lead: TestUser;
  let colleague: TestUser;
  let outsider: TestUser;
  let supervisor: TestUser;
  let owner: TestUser;
  let camera: string;
  let clip: SeededClip;
  let investigationId: string;

  const as = (user: TestUser) => ({
    get: (path: string) => h.http().get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object = {}) => h.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body),
  });
  const issue = async (user: TestUser, kind: 'view' | 'download', asset: 'clip' | 'thumbnail' = 'clip'): Promise<Link> =>
    (await as(user).post(`/clips/${clip.id}/links`, { investigationId, kind, asset }).expect(201)).body as Link;
  const list = async (user: TestUser = supervisor, query = ''): Promise<{ items: ListedLink[]; next: string | null }> =>
    (await as(user).get(`/investigations/${investigationId}/links${query}`).expect(200)).body as {
      items: ListedLink[];
      next: string | null;
    };
  const listed = async (id: string) => (await list()).items.find((l) => l.id === id)!;
  const revoke = (user: TestUser, id: string, reason = 'Issued to the wrong officer by mistake') =>
    as(user).post(`/links/${id}/revoke`, { reason });
  const auditOf = async (action: string, linkId: string) =>
    (await h.db.owner.query(`SELECT * FROM audit_entries WHERE action = $1 AND details->>'linkId' = $2 ORDER BY seq`, [action, linkId]))
      .rows;

  beforeAll(async () => {
    h = await startApi();
    [lead, colleague, outsider, supervisor, owner] = [
      await h.user('officer', 'Lead'),
      await h.user('officer', 'Colleague'),
      await h.user('officer', 'Outsider'),
      await h.user('supervisor', 'Supervisor'),
      await h.user('resident', 'Owner'),
    ];
    const ward = await seedWard(h.db.owner, 'links-ward');
    camera = await seedCamera(h.db.owner, owner.id, { wardId: ward, label: 'porch', sharingMode: 'auto_release' });
    clip = await seedStoredClip(h.db.owner, h.app.get(ObjectStore), camera, inWindow(10), inWindow(11));
    investigationId = (await as(lead).post('/investigations', { caseNumber: 'LNK-1', title: 'Links', summary: 's' }).expect(201)).body.id;
    await as(lead).post(`/investigations/${investigationId}/members`, { userId: colleague.id }).expect(201);
    const request = (
      await as(lead)
        .post(`/investigations/${investigationId}/footage-requests`, {
          cameraIds: [camera],
          from: windowFrom,
          to: windowTo,
          reason: 'suspect passed',
          legalBasis: 'CPC art. 88',
        })
        .expect(201)
    ).body.id as string;
    await as(supervisor).post(`/footage-requests/${request}/supervisor-decision`, { decision: 'approve' }).expect(200);
  });
  afterAll(() => h.close());

  it("issuing answers the API's own path; opening it redirects (not cached) to a short store URL with the clip's bytes", async () => {
    const link = await issue(lead, 'view');
    expect(link.id).toMatch(UUID);
    expect(link.url).toBe(`/api/v1/links/${link.id}`);
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(h.config.DOWNLOAD_LINK_TTL_SECONDS * 1000);

    const opened = await openLink(h, link.url, lead);
    expect(opened.status).toBe(302);
    expect(opened.cacheControl).toBe('no-store');
    expect(opened.location).toMatch(new RegExp(`X-Amz-Expires=${STORE_URL_SECONDS}(&|$)`));
    expect(opened.location).not.toMatch(/response-content-disposition/);
    expect(opened.store?.status).toBe(200);
    expect(opened.store?.bytes.equals(clip.bytes)).toBe(true);

    // Audited with the user, the clip as subject, the camera and the case.
    const [entry] = await auditOf('link.opened', link.id);
    expect(entry).toMatchObject({
      actor_id: lead.id,
      actor_role: 'officer',
      subject_type: 'clip',
      subject_id: clip.id,
      camera_id: camera,
      investigation_id: investigationId,
      details: { linkId: link.id, kind: 'view', asset: 'clip', releaseId: expect.stringMatching(UUID) },
    });
    expect((await auditOf('link.issued', link.id)).map((e) => e.actor_id)).toEqual([lead.id]);
    expect(await listed(link.id)).toMatchObject({ state: 'live', openedCount: 1, lastOpenedAt: expect.any(String), refusal: null });
  });

  it('download links carry the file name; thumbnails give the thumbnail; a session cookie works as well as a bearer token', async () => {
    const download = await issue(lead, 'download');
    const opened = await openLink(h, download.url, lead);
    expect(opened.store?.disposition).toMatch(/^attachment; filename="LNK-1-.*\.mp4"$/);
    expect(opened.store?.bytes.equals(clip.bytes)).toBe(true);
    expect((await linkBytes(h, (await issue(lead, 'view', 'thumbnail')).url, lead)).equals(clip.thumbnailBytes)).toBe(true);

    const session = await h.http().post('/auth/session').send({ email: lead.email, password: lead.password }).expect(200);
    const cookie = (session.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toContain(SESSION_COOKIE);
    expect((await linkBytes(h, download.url, { cookie })).equals(clip.bytes)).toBe(true);
    expect(await listed(download.id)).toMatchObject({ openedCount: 2 });
  });

  it("nobody else opens a user's link, not even a colleague on the case or a supervisor (403, audited as a refusal)", async () => {
    const link = await issue(lead, 'view');
    for (const other of [colleague, supervisor, outsider]) {
      const res = await openLink(h, link.url, other);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'link.not_yours' });
    }
    const refused = await h.db.owner.query(`SELECT actor_id FROM audit_entries WHERE action = 'access.refused' AND details->>'path' = $1`, [
      link.url,
    ]);
    expect(refused.rows.map((r) => r.actor_id).sort()).toEqual([colleague.id, supervisor.id, outsider.id].sort());
    const resident = await openLink(h, link.url, owner);
    expect(resident.status).toBe(403);
    expect((await openLink(h, '/api/v1/links/5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b', lead)).body).toMatchObject({ code: 'link.not_found' });
    expect(await auditOf('link.opened', link.id)).toEqual([]);
  });

  it('a supervisor revokes a link: audited, and every later opening is refused with when, by whom and why (410)', async () => {
    const link = await issue(colleague, 'download');
    await linkBytes(h, link.url, colleague);
    // An officer may not revoke a colleague's link; the reason must say something.
    expect((await revoke(lead, link.id).expect(403)).body).toMatchObject({ code: 'link.not_yours' });
    expect((await revoke(supervisor, link.id, 'too short').expect(400)).body.detail).toMatch(/reason must be 10 to 1000 characters/);

    const revoked = (await revoke(supervisor, link.id, 'Copied into a chat group; issue a new one if needed').expect(200)).body;
    expect(revoked).toMatchObject({
      id: link.id,
      state: 'revoked',
      revokedBy: { role: 'supervisor', name: 'Supervisor' },
      revokeReason: 'Copied into a chat group; issue a new one if needed',
      refusal: 'link.revoked',
      openedCount: 1,
    });
    const [entry] = await auditOf('link.revoked', link.id);
    expect(entry).toMatchObject({
      actor_id: supervisor.id,
      subject_type: 'clip',
      subject_id: clip.id,
      camera_id: camera,
      investigation_id: investigationId,
      details: { linkId: link.id, kind: 'download', asset: 'clip', issuedTo: colleague.id, reason: revoked.revokeReason },
    });

    const refused = await openLink(h, link.url, colleague);
    expect(refused.status).toBe(410);
    expect(refused.location).toBeNull();
    expect(refused.body).toMatchObject({
      code: 'link.revoked',
      revokedAt: revoked.revokedAt,
      revokedBy: { role: 'supervisor' },
      reason: 'Copied into a chat group; issue a new one if needed',
    });
    expect(refused.body.detail).toMatch(/revoked at .* by a supervisor: Copied into a chat group/);
    expect(await auditOf('link.opened', link.id)).toHaveLength(1);
    // Once only; the status says the same without opening it.
    expect((await revoke(supervisor, link.id).expect(409)).body).toMatchObject({ code: 'link.not_live', state: 'revoked' });
    expect((await as(colleague).get(`/links/${link.id}/status`).expect(200)).body).toMatchObject({
      state: 'revoked',
      refusal: 'link.revoked',
    });
    await as(outsider).get(`/links/${link.id}/status`).expect(403);
    // The release goes on: a new link works.
    await linkBytes(h, (await issue(colleague, 'download')).url, colleague);
  });

  it('the officer it was issued to may revoke their own link', async () => {
    const link = await issue(lead, 'view');
    expect((await revoke(lead, link.id, 'Opened on a shared computer').expect(200)).body).toMatchObject({
      state: 'revoked',
      revokedBy: { role: 'officer', name: 'Lead' },
    });
    expect((await openLink(h, link.url, lead)).body).toMatchObject({ code: 'link.revoked', revokedBy: { role: 'officer' } });
  });

  it('an expired link is refused (410) and cannot be revoked (409)', async () => {
    const link = await issue(lead, 'view');
    await h.db.owner.query(`UPDATE clip_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [link.id]);
    const refused = await openLink(h, link.url, lead);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'link.expired', expiredAt: expect.any(String) });
    expect((await revoke(supervisor, link.id).expect(409)).body).toMatchObject({ code: 'link.not_live', state: 'expired' });
    expect(await listed(link.id)).toMatchObject({ state: 'expired', refusal: 'link.expired' });
  });

  it('the store URL never outlives the link: near its end it gets only the time left', async () => {
    const link = await issue(lead, 'view');
    await h.db.owner.query(`UPDATE clip_links SET expires_at = now() + interval '30 seconds' WHERE id = $1`, [link.id]);
    const opened = await openLink(h, link.url, lead);
    const ttl = Number(/X-Amz-Expires=(\d+)/.exec(opened.location ?? '')?.[1]);
    expect(ttl).toBeGreaterThanOrEqual(28);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it('lists every link of the case, newest first, with its state, openings and who it was issued to; members and supervisors only', async () => {
    const all = await list(supervisor, '?limit=200');
    expect(all.items.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.items.map((l) => l.state))).toEqual(new Set(['live', 'expired', 'revoked']));
    expect(all.items[0]).toMatchObject({ camera: { id: camera, label: 'porch' }, issuedTo: { name: expect.any(String) } });
    const revoked = all.items.find((l) => l.state === 'revoked' && l.issuedTo.id === colleague.id)!;
    expect(revoked).toMatchObject({ kind: 'download', asset: 'clip', revokedBy: { role: 'supervisor' }, openedCount: 1 });
    // Paged by cursor: the same links, each once, in the same order.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(colleague, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((l) => l.id));
      cursor = page.next;
    } while (cursor);
    expect(paged).toEqual(all.items.map((l) => l.id));
    await as(outsider).get(`/investigations/${investigationId}/links`).expect(403);
  });

  it("the camera's owner sees each opening in their access log", async () => {
    const log = (await as(owner).get(`/cameras/${camera}/access-log?limit=200`).expect(200)).body as {
      items: { action: string; actor: { name: string }; details: { clipId?: string; kind?: string } }[];
    };
    const openings = log.items.filter((e) => e.action === 'link.opened');
    expect(openings.length).toBeGreaterThanOrEqual(5);
    expect(openings[0]).toMatchObject({ details: { clipId: clip.id } });
    expect(log.items.some((e) => e.action === 'link.revoked')).toBe(false);
  });

  it('a member who leaves the case can no longer open their links', async () => {
    const link = await issue(colleague, 'view');
    await as(lead).get(`/investigations/${investigationId}`).expect(200);
    await h
      .http()
      .delete(`/investigations/${investigationId}/members/${colleague.id}`)
      .set('Authorization', `Bearer ${lead.token}`)
      .expect(200);
    expect((await openLink(h, link.url, colleague)).body).toMatchObject({ code: 'investigation.not_member' });
    await as(lead).post(`/investigations/${investigationId}/members`, { userId: colleague.id }).expect(201);
    await linkBytes(h, link.url, colleague);
  });

  it('withdrawn consent, and a release that ended, stop links already issued (410)', async () => {
    const link = await issue(lead, 'download');
    const consentVersion = (state: string) =>
      h.db.owner.query(
        `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
         SELECT camera_id, version + 1, $2, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, now()
           FROM camera_consents WHERE camera_id = $1 ORDER BY version DESC LIMIT 1`,
        [camera, state],
      );
    await consentVersion('withdrawn');
    expect((await openLink(h, link.url, lead)).body).toMatchObject({ code: 'link.consent_withdrawn', status: 410 });
    // (A test shortcut: a real withdrawal is final; a newer consent version here only lets the next check run.)
    await consentVersion('given');
    await linkBytes(h, link.url, lead);

    await as(supervisor).post(`/investigations/${investigationId}/close`, { reason: 'Case closed by the prosecutor' }).expect(200);
    const ended = await openLink(h, link.url, lead);
    expect(ended.status).toBe(410);
    expect(ended.body).toMatchObject({ code: 'link.release_ended' });
    expect(ended.body.detail).toMatch(/revoked at .*investigation was closed/);
    expect(await listed(link.id)).toMatchObject({ state: 'expired', refusal: 'link.release_ended' });
    expect((await revoke(supervisor, link.id).expect(409)).body).toMatchObject({ code: 'link.not_live' });
  });
});
