import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForbiddenException } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { EVIDENCE_PACKAGE_SOURCE, verifyEvidenceArchive, type EvidencePackage, type EvidencePackageSource } from '@wardwatch/evidence';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';
import { until } from '../support/waiting';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Collects a binary body (supertest would otherwise try to read a tar as text). */
const binary = (
  res: NodeJS.ReadableStream & { on: (e: string, cb: (chunk?: Buffer) => void) => void },
  done: (e: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('GET /releases/:id/evidence: the evidence archive over HTTP', () => {
  let h: ApiHarness;
  let officer: TestUser;
  let outsider: TestUser;
  let supervisor: TestUser;
  let owner: TestUser;
  let real: { investigationId: string; requestId: string; releaseId: string; cameraId: string; clip: SeededClip };
  let source: EvidencePackageSource;
  let store: ObjectStore;
  let dir: string;
  const releaseId = randomUUID();
  const investigationId = randomUUID();
  const cameraId = randomUUID();
  const clip = { id: randomUUID(), bytes: randomBytes(300_000), key: `test/evidence-e2e/${randomUUID()}.mp4` };

  const pkg = (recordedSha256 = sha256(clip.bytes)): EvidencePackage => ({
    investigation: { id: investigationId, caseNumber: 'HCM-2026-0099' },
    request: { id: randomUUID(), reason: 'theft' },
    approvals: [{ decision: 'approved' }],
    release: { id: releaseId },
    gaps: [],
    files: [
      {
        path: `clips/${cameraId}/${clip.id}.mp4`,
        objectKey: clip.key,
        sha256: recordedSha256,
        size: clip.bytes.length,
        kind: 'clip',
        clipId: clip.id,
        camera: { id: cameraId, label: 'Gate', address: null, location: { latitude: 10.79, longitude: 106.69 } },
        startedAt: new Date('2026-11-28T20:00:00Z'),
        endedAt: new Date('2026-11-28T20:00:20Z'),
      },
    ],
  });

  beforeAll(async () => {
    h = await startApi();
    officer = await h.user('officer');
    outsider = await h.user('officer');
    supervisor = await h.user('supervisor');
    owner = await h.user('resident');
    store = h.app.get(ObjectStore);
    await store.put(clip.key, clip.bytes, clip.bytes.length, 'video/mp4');
    await h.app.get(AuditService).record({ actor: SYSTEM_ACTOR, action: 'clip.stored', subject: { type: 'clip', id: clip.id }, cameraId });
    // The investigations module's source; the failure cases below stand in for it with a mock.
    source = h.app.get(EVIDENCE_PACKAGE_SOURCE);

    // A real release, built through the API: an auto-release camera with a stored clip, a request, the supervisor's approval.
    const ward = await seedWard(h.db.owner, 'evidence-ward');
    const realCameraId = await seedCamera(h.db.owner, owner.id, { wardId: ward, label: 'porch', sharingMode: 'auto_release' });
    const from = new Date(Date.now() - 3 * 3_600_000);
    const to = new Date(Date.now() - 3_600_000);
    const realClip = await seedStoredClip(
      h.db.owner,
      store,
      realCameraId,
      new Date(from.getTime() + 60_000),
      new Date(from.getTime() + 120_000),
    );
    await h.db.owner.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at, detail) VALUES ($1, 'offline', $2, $3, 'power cut')`,
      [realCameraId, new Date(from.getTime() + 600_000), new Date(from.getTime() + 660_000)],
    );
    const auth = (u: TestUser) => `Bearer ${u.token}`;
    const inv = await h
      .http()
      .post('/investigations')
      .set('Authorization', auth(officer))
      .send({ caseNumber: 'HCM-2026-EVID-1', title: 'Bike theft', summary: 'Red Honda Wave' })
      .expect(201);
    const req = await h
      .http()
      .post(`/investigations/${inv.body.id}/footage-requests`)
      .set('Authorization', auth(officer))
      .send({ cameraIds: [realCameraId], from, to, reason: 'suspect passed the porch', legalBasis: 'CPC art. 88' })
      .expect(201);
    const decided = await h
      .http()
      .post(`/footage-requests/${req.body.id}/supervisor-decision`)
      .set('Authorization', auth(supervisor))
      .send({ decision: 'approve', note: 'proportionate' })
      .expect(200);
    const releaseOfCamera = decided.body.cameras[0].release as { id: string };
    real = { investigationId: inv.body.id, requestId: req.body.id, releaseId: releaseOfCamera.id, cameraId: realCameraId, clip: realClip };
    dir = await mkdtemp(join(tmpdir(), 'wardwatch-evidence-e2e-'));
  });
  afterEach(() => jest.restoreAllMocks());

  /**
   * The newest `evidence.exported` entry of the officer for that subject. The client has every byte
   * (Content-Length) a moment before the completion entry is written, so wait for it.
   */
  const exportedEntry = (subjectId: string) =>
    until(
      `evidence.exported of ${subjectId}`,
      async () => (await h.app.get(AuditService).find({ action: 'evidence.exported', actorId: officer.id, limit: 1 }))[0],
      (e) => e?.subjectId === subjectId,
    );
  afterAll(async () => {
    await store.remove(clip.key).catch(() => store.remove(clip.key));
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a member exports a real release: the clip and thumbnail, the request, decisions, camera and gaps; it verifies and is audited', async () => {
    const res = await h
      .http()
      .get(`/releases/${real.releaseId}/evidence`)
      .set('Authorization', `Bearer ${officer.token}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const body = res.body as Buffer;
    expect(body.length).toBe(Number(res.headers['content-length']));
    const path = join(dir, 'real.tar');
    await writeFile(path, body);
    const verified = await verifyEvidenceArchive(path);
    expect(verified).toMatchObject({ ok: true, files: 2 });

    const pkgOf = await source.packageForRelease(real.releaseId, { userId: officer.id, role: 'officer' });
    expect(pkgOf.files.map((f) => [f.path, f.kind, f.sha256])).toEqual([
      [`clips/${real.cameraId}/${real.clip.id}.mp4`, 'clip', sha256(real.clip.bytes)],
      [`clips/${real.cameraId}/${real.clip.id}.jpg`, 'thumbnail', sha256(real.clip.thumbnailBytes)],
    ]);
    expect(pkgOf.files[0].camera).toMatchObject({ id: real.cameraId, label: 'porch', address: expect.stringMatching(/Hoàng Văn Thái/) });
    expect(pkgOf.request).toMatchObject({ id: real.requestId, reason: 'suspect passed the porch', legalBasis: 'CPC art. 88' });
    expect(pkgOf.approvals).toEqual([
      expect.objectContaining({ by: 'supervisor', decision: 'approved', userId: supervisor.id, note: 'proportionate' }),
      expect.objectContaining({ by: 'consent', cameraId: real.cameraId, state: 'released' }),
    ]);
    expect(pkgOf.gaps).toEqual([expect.objectContaining({ cameraId: real.cameraId, reason: 'offline', detail: 'power cut' })]);

    const entry = await exportedEntry(real.releaseId);
    expect(entry).toMatchObject({ investigationId: real.investigationId, subjectType: 'evidence_export', subjectId: real.releaseId });
    expect(verified.ok && entry.details.manifestSha256).toBe(verified.ok && verified.manifestSha256);

    // The export was on the record before its first byte: started (same manifest hash, every file's hash), then completed.
    const [started] = await h.app.get(AuditService).find({ action: 'evidence.export_started', actorId: officer.id, limit: 1 });
    expect(BigInt(started.seq)).toBeLessThan(BigInt(entry.seq));
    expect(started).toMatchObject({ investigationId: real.investigationId, subjectType: 'evidence_export', subjectId: real.releaseId });
    expect(started.details).toMatchObject({
      manifestSha256: entry.details.manifestSha256,
      bytes: body.length,
      files: pkgOf.files.map((f) => ({ path: f.path, sha256: f.sha256, clipId: real.clip.id })),
    });
  });

  it('if the export cannot be put on the record first, no footage byte leaves', async () => {
    // The test's own database refuses the "export started" entry, as a failing audit store would.
    await h.db.owner.query(`
      CREATE FUNCTION refuse_export_started() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable (test)'; END $$;
      CREATE TRIGGER refuse_export_started BEFORE INSERT ON audit_entries
        FOR EACH ROW WHEN (NEW.action = 'evidence.export_started') EXECUTE FUNCTION refuse_export_started();`);
    try {
      const audit = h.app.get(AuditService);
      const exportedBefore = (await audit.find({ action: 'evidence.exported', actorId: officer.id, limit: 100 })).length;
      const res = await h
        .http()
        .get(`/releases/${real.releaseId}/evidence`)
        .set('Authorization', `Bearer ${officer.token}`)
        .buffer(true)
        .parse(binary as never);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/json/);
      const body = res.body as Buffer;
      expect(body.includes(real.clip.bytes.subarray(0, 64))).toBe(false);
      expect(body.includes(Buffer.from('manifest.json'))).toBe(false);
      expect(body.length).toBeLessThan(1000);
      expect((await audit.find({ action: 'evidence.exported', actorId: officer.id, limit: 100 })).length).toBe(exportedBefore);
    } finally {
      await h.db.owner.query(`DROP TRIGGER refuse_export_started ON audit_entries; DROP FUNCTION refuse_export_started();`);
    }
  });

  it('the export shows in the camera owner’s access log: who (name and role), when, which case', async () => {
    const name = (await h.db.owner.query(`SELECT display_name FROM users WHERE id = $1`, [officer.id])).rows[0].display_name;
    const log = (await h.http().get(`/cameras/${real.cameraId}/access-log`).set('Authorization', `Bearer ${owner.token}`).expect(200)).body;
    // Both the record made before the first byte and the completion.
    const exported = log.items.filter((e: { action: string }) => e.action.startsWith('evidence.'));
    const entry = expect.objectContaining({
      actor: { name, role: 'officer' },
      purpose: expect.objectContaining({ investigationCaseNumber: 'HCM-2026-EVID-1' }),
      at: expect.any(String),
    });
    expect(exported.map((e: { action: string }) => e.action)).toEqual(['evidence.exported', 'evidence.export_started']);
    expect(exported).toEqual([entry, entry]);
    expect(JSON.stringify(log)).not.toContain(officer.id);
  });

  it('a non-member gets 403 and an unknown release 404, before any byte', async () => {
    const res = await h.http().get(`/releases/${real.releaseId}/evidence`).set('Authorization', `Bearer ${outsider.token}`).expect(403);
    expect(res.body.detail).toMatch(/not a member of investigation HCM-2026-EVID-1/);
    await h.http().get(`/releases/${randomUUID()}/evidence`).set('Authorization', `Bearer ${officer.token}`).expect(404);
  });

  it('a release that has ended cannot be exported, even by a member', async () => {
    await h.db.owner.query(`UPDATE footage_releases SET expires_at = now() - interval '1 second' WHERE id = $1`, [real.releaseId]);
    const res = await h.http().get(`/releases/${real.releaseId}/evidence`).set('Authorization', `Bearer ${officer.token}`).expect(403);
    expect(res.body.detail).toMatch(/expired at .*can no longer be exported/);
  });

  it('streams an archive of exactly Content-Length bytes that verifies offline, and audits the export', async () => {
    jest.spyOn(source, 'packageForRelease').mockResolvedValue(pkg());
    const res = await h
      .http()
      .get(`/releases/${releaseId}/evidence`)
      .set('Authorization', `Bearer ${officer.token}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="evidence-${investigationId}-.*\\.tar"$`));
    const body = res.body as Buffer;
    expect(body.length).toBe(Number(res.headers['content-length']));
    const path = join(dir, 'download.tar');
    await writeFile(path, body);
    const verified = await verifyEvidenceArchive(path);
    expect(verified).toMatchObject({ ok: true, files: 1 });

    const entry = await exportedEntry(releaseId);
    expect(entry).toMatchObject({ investigationId, subjectType: 'evidence_export', subjectId: releaseId });
    expect(verified.ok && entry.details.manifestSha256).toBe(verified.ok && verified.manifestSha256);
    expect(source.packageForRelease).toHaveBeenCalledWith(releaseId, { userId: officer.id, role: 'officer' });
  });

  it('a stored clip that no longer matches its recorded hash: the download is cut short and the failure audited', async () => {
    jest.spyOn(source, 'packageForRelease').mockResolvedValue(pkg('0'.repeat(64)));
    const outcome = await h
      .http()
      .get(`/releases/${releaseId}/evidence`)
      .set('Authorization', `Bearer ${officer.token}`)
      .buffer(true)
      .parse(binary as never)
      .then(
        (res) => ({ complete: (res.body as Buffer).length === Number(res.headers['content-length']) }),
        () => ({ complete: false }),
      );
    expect(outcome.complete).toBe(false);
    const [failed] = await h.app.get(AuditService).find({ action: 'evidence.export_failed', actorId: officer.id, limit: 1 });
    expect(failed.details).toMatchObject({ file: `clips/${cameraId}/${clip.id}.mp4` });
  });

  it('a release the officer may not export: the source’s 403, before any byte, and the refusal audited', async () => {
    jest.spyOn(source, 'packageForRelease').mockRejectedValue(new ForbiddenException('you are not a member of this investigation'));
    const res = await h.http().get(`/releases/${releaseId}/evidence`).set('Authorization', `Bearer ${officer.token}`).expect(403);
    expect(res.body.detail).toBe('you are not a member of this investigation');
    const [refused] = await h.app.get(AuditService).find({ action: 'access.refused', actorId: officer.id, limit: 1 });
    expect(refused.details).toMatchObject({ route: '/api/v1/releases/:releaseId/evidence', method: 'GET' });
  });

  it('is for officers only, and checks the id', async () => {
    await h.http().get(`/releases/${releaseId}/evidence`).set('Authorization', `Bearer ${supervisor.token}`).expect(403);
    const bad = await h.http().get('/releases/not-a-uuid/evidence').set('Authorization', `Bearer ${officer.token}`).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/releaseId must be a UUID/);
  });
});
