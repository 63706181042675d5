import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForbiddenException } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { EVIDENCE_PACKAGE_SOURCE, verifyEvidenceArchive, type EvidencePackage, type EvidencePackageSource } from '@wardwatch/evidence';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';

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
  let supervisor: TestUser;
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
    supervisor = await h.user('supervisor');
    store = h.app.get(ObjectStore);
    await store.put(clip.key, clip.bytes, clip.bytes.length, 'video/mp4');
    await h.app.get(AuditService).record({ actor: SYSTEM_ACTOR, action: 'clip.stored', subject: { type: 'clip', id: clip.id }, cameraId });
    // The investigations module will bind its own source; this stands in for it (the export, store, audit and HTTP are real).
    source = h.app.get(EVIDENCE_PACKAGE_SOURCE);
    dir = await mkdtemp(join(tmpdir(), 'wardwatch-evidence-e2e-'));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await store.remove(clip.key).catch(() => store.remove(clip.key));
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('without releases wired in, answers 501 saying so', async () => {
    const res = await h.http().get(`/releases/${releaseId}/evidence`).set('Authorization', `Bearer ${officer.token}`).expect(501);
    expect(res.body.message).toMatch(/needs footage releases/);
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

    const [entry] = await h.app.get(AuditService).find({ action: 'evidence.exported', actorId: officer.id, limit: 1 });
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
    expect(res.body.message).toBe('you are not a member of this investigation');
    const [refused] = await h.app.get(AuditService).find({ action: 'access.refused', actorId: officer.id, limit: 1 });
    expect(refused.details).toMatchObject({ route: '/releases/:releaseId/evidence', method: 'GET' });
  });

  it('is for officers only, and checks the id', async () => {
    await h.http().get(`/releases/${releaseId}/evidence`).set('Authorization', `Bearer ${supervisor.token}`).expect(403);
    const bad = await h.http().get('/releases/not-a-uuid/evidence').set('Authorization', `Bearer ${officer.token}`).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/releaseId must be a UUID/);
  });
});
