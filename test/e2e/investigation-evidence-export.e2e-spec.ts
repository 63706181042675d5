import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { padding, parseTarHeader, verifyEvidenceArchive, type CaseEvidenceManifest } from '@wardwatch/evidence';
import { ObjectStore } from '@wardwatch/storage';
import { startApi, type ApiHarness, type TestUser } from '../support/api-harness';
import { seedCamera, seedStoredClip, seedWard, type SeededClip } from '../support/seed-footage';
import { until } from '../support/waiting';

const run = promisify(execFile);
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

/** Where each entry of a tar sits: header offset, data offset, size. */
function tarEntries(tar: Buffer) {
  const entries: { path: string; header: number; data: number; size: number }[] = [];
  for (let offset = 0; offset + 512 <= tar.length;) {
    const info = parseTarHeader(tar.subarray(offset, offset + 512));
    if (!info) break;
    entries.push({ path: info.path, header: offset, data: offset + 512, size: info.size });
    offset += 512 + info.size + padding(info.size).length;
  }
  return entries;
}

describe('GET /investigations/:id/evidence: the whole case in one evidence archive', () => {
  let h: ApiHarness;
  let officer: TestUser;
  let outsider: TestUser;
  let supervisor: TestUser;
  let ownerA: TestUser;
  let ownerB: TestUser;
  let store: ObjectStore;
  let dir: string;
  let investigationId: string;
  let emptyInvestigationId: string;
  let cameraA: string;
  let cameraB: string;
  let clipA1: SeededClip;
  let clipA2: SeededClip;
  let clipB1: SeededClip;
  let body: Buffer;
  let headers: Record<string, string>;
  let manifest: CaseEvidenceManifest;
  const auth = (u: TestUser) => `Bearer ${u.token}`;

  beforeAll(async () => {
    h = await startApi();
    officer = await h.user('officer');
    outsider = await h.user('officer');
    supervisor = await h.user('supervisor');
    ownerA = await h.user('resident');
    ownerB = await h.user('resident');
    store = h.app.get(ObjectStore);
    const audit = h.app.get(AuditService);
    dir = await mkdtemp(join(tmpdir(), 'wardwatch-case-evidence-e2e-'));

    // Two cameras of two residents, both auto-releasing to approved investigations.
    const ward = await seedWard(h.db.owner, 'case-evidence-ward');
    cameraA = await seedCamera(h.db.owner, ownerA.id, { wardId: ward, label: 'gate', sharingMode: 'auto_release' });
    cameraB = await seedCamera(h.db.owner, ownerB.id, { wardId: ward, label: 'shop', sharingMode: 'auto_release', latitude: 10.791 });
    const from = new Date(Date.now() - 4 * 3_600_000);
    const to = new Date(Date.now() - 3_600_000);
    const at = (minutes: number) => new Date(from.getTime() + minutes * 60_000);
    clipA1 = await seedStoredClip(h.db.owner, store, cameraA, at(10), at(11));
    clipA2 = await seedStoredClip(h.db.owner, store, cameraA, at(100), at(101));
    clipB1 = await seedStoredClip(h.db.owner, store, cameraB, at(20), at(21));
    // Chain of custody starts at capture (the worker records this when it stores a clip).
    for (const [clip, cameraId] of [
      [clipA1, cameraA],
      [clipA2, cameraA],
      [clipB1, cameraB],
    ] as const) {
      await audit.record({
        actor: SYSTEM_ACTOR,
        action: 'clip.stored',
        subject: { type: 'clip', id: clip.id },
        cameraId,
        details: { sha256: sha256(clip.bytes) },
      });
    }
    await h.db.owner.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at, detail) VALUES ($1, 'offline', $2, $3, 'power cut')`,
      [cameraB, at(30), at(31)],
    );

    const inv = await h
      .http()
      .post('/investigations')
      .set('Authorization', auth(officer))
      .send({ caseNumber: 'HCM-2026-CASE-7', title: 'Break-in', summary: 'Two shops on one street' })
      .expect(201);
    investigationId = inv.body.id;
    const file = async (cameraIds: string[], windowFrom: Date, windowTo: Date) => {
      const req = await h
        .http()
        .post(`/investigations/${investigationId}/footage-requests`)
        .set('Authorization', auth(officer))
        .send({ cameraIds, from: windowFrom, to: windowTo, reason: 'suspects walked past', legalBasis: 'CPC art. 88' })
        .expect(201);
      await h
        .http()
        .post(`/footage-requests/${req.body.id}/supervisor-decision`)
        .set('Authorization', auth(supervisor))
        .send({ decision: 'approve', note: 'proportionate' })
        .expect(200);
    };
    // Both cameras over the whole window, then camera A again over clip A1 only: A1 is covered twice.
    await file([cameraA, cameraB], from, to);
    await file([cameraA], at(5), at(15));

    const empty = await h
      .http()
      .post('/investigations')
      .set('Authorization', auth(officer))
      .send({ caseNumber: 'HCM-2026-CASE-8', title: 'Nothing yet', summary: 'No request approved' })
      .expect(201);
    emptyInvestigationId = empty.body.id;

    const res = await h
      .http()
      .get(`/investigations/${investigationId}/evidence`)
      .set('Authorization', auth(officer))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    body = res.body as Buffer;
    headers = res.headers;
    await writeFile(join(dir, 'case.tar'), body);
    const entries = tarEntries(body);
    const m = entries.find((e) => e.path === 'manifest.json')!;
    manifest = JSON.parse(body.subarray(m.data, m.data + m.size).toString('utf8')) as CaseEvidenceManifest;
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams one tar of exactly Content-Length bytes, named after the case and the date', () => {
    expect(headers['content-type']).toBe('application/x-tar');
    expect(body.length).toBe(Number(headers['content-length']));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: h.config.WARD_TIME_ZONE }).format(new Date());
    expect(headers['content-disposition']).toBe(`attachment; filename="HCM-2026-CASE-7-evidence-${today}.tar"`);
  });

  it('holds both cameras’ clips and thumbnails, a clip two releases cover once, and verifies offline per release', async () => {
    const paths = tarEntries(body).map((e) => e.path);
    const filesOf = (cameraId: string, clip: SeededClip) => [`clips/${cameraId}/${clip.id}.mp4`, `clips/${cameraId}/${clip.id}.jpg`];
    expect(paths.slice(0, 2)).toEqual(['manifest.json', 'manifest.sha256']);
    expect([...paths.slice(2)].sort()).toEqual(
      [...filesOf(cameraA, clipA1), ...filesOf(cameraA, clipA2), ...filesOf(cameraB, clipB1)].sort(),
    );
    expect(new Set(paths).size).toBe(paths.length);
    const a1 = tarEntries(body).find((e) => e.path === `clips/${cameraA}/${clipA1.id}.mp4`)!;
    expect(sha256(body.subarray(a1.data, a1.data + a1.size))).toBe(sha256(clipA1.bytes));

    const verified = await verifyEvidenceArchive(join(dir, 'case.tar'));
    expect(verified).toMatchObject({ ok: true, format: 'wardwatch-evidence/2', files: 6 });
    if (!verified.ok) throw new Error('unreachable');
    expect(verified.releases).toHaveLength(3);
    expect(verified.releases.every((r) => r.ok)).toBe(true);
    expect(verified.releases.map((r) => [r.cameraId, r.files]).sort()).toEqual(
      [
        [cameraA, 4],
        [cameraA, 2],
        [cameraB, 2],
      ].sort(),
    );
    expect(verified.custody.entries).toBe(manifest.custody.length);
  });

  it('the manifest lists every release, request and approval, the gaps, and the audit excerpt with the clips’ capture', () => {
    expect(manifest).toMatchObject({
      format: 'wardwatch-evidence/2',
      exporter: { userId: officer.id, role: 'officer' },
      investigation: { id: investigationId, caseNumber: 'HCM-2026-CASE-7' },
    });
    expect(manifest.releases).toHaveLength(3);
    expect(manifest.requests).toHaveLength(2);
    expect(manifest.approvals.filter((a) => a.by === 'supervisor')).toHaveLength(2);
    expect(manifest.approvals.filter((a) => a.by === 'consent')).toHaveLength(3);
    expect(manifest.approvals.every((a) => manifest.requests.some((r) => r.id === a.requestId))).toBe(true);
    const a1 = manifest.files.find((f) => f.path === `clips/${cameraA}/${clipA1.id}.mp4`)!;
    expect(a1.releaseIds).toHaveLength(2);
    expect(a1).toMatchObject({ sha256: sha256(clipA1.bytes), kind: 'clip', camera: { id: cameraA, label: 'gate' } });
    const b1 = manifest.files.find((f) => f.path === `clips/${cameraB}/${clipB1.id}.mp4`)!;
    expect(b1.releaseIds).toHaveLength(1);
    for (const r of manifest.releases) {
      expect(r.files).toEqual(manifest.files.filter((f) => f.releaseIds.includes(r.id)).map((f) => f.path));
    }
    expect(manifest.gaps).toEqual([expect.objectContaining({ cameraId: cameraB, reason: 'offline', detail: 'power cut' })]);
    const actions = manifest.custody.map((e) => `${e.action}:${e.subjectId}`);
    for (const clip of [clipA1, clipA2, clipB1]) expect(actions).toContain(`clip.stored:${clip.id}`);
    const caseActions = manifest.custody.map((e) => e.action);
    expect(caseActions).toEqual(
      expect.arrayContaining(['investigation.opened', 'footage_request.filed', 'footage_request.supervisor_approved', 'footage.released']),
    );
    expect(manifest.auditHead).not.toBeNull();
  });

  it('is audited as one export naming every release and clip, tied to the manifest hash', async () => {
    const audit = h.app.get(AuditService);
    const verified = await verifyEvidenceArchive(join(dir, 'case.tar'));
    const exported = await until(
      'evidence.exported of the case',
      async () => (await audit.find({ action: 'evidence.exported', actorId: officer.id, limit: 1 }))[0],
      (e) => e?.subjectId === investigationId,
    );
    expect(exported).toMatchObject({ investigationId, subjectType: 'evidence_export' });
    expect(verified.ok && exported.details.manifestSha256).toBe(verified.ok && verified.manifestSha256);
    const [started] = await audit.find({ action: 'evidence.export_started', actorId: officer.id, limit: 1 });
    expect(started).toMatchObject({ investigationId, subjectType: 'evidence_export', subjectId: investigationId });
    expect(started.details).toMatchObject({ format: 'wardwatch-evidence/2', bytes: body.length });
    expect((started.details.releases as { id: string }[]).map((r) => r.id).sort()).toEqual(manifest.releases.map((r) => r.id).sort());
    const clipIds = new Set((started.details.files as { clipId: string }[]).map((f) => f.clipId));
    expect([...clipIds].sort()).toEqual([clipA1.id, clipA2.id, clipB1.id].sort());
    // Both owners see the export in their camera's access log.
    for (const [owner, cameraId] of [
      [ownerA, cameraA],
      [ownerB, cameraB],
    ] as const) {
      const log = (await h.http().get(`/cameras/${cameraId}/access-log`).set('Authorization', auth(owner)).expect(200)).body;
      expect(log.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['evidence.export_started', 'evidence.exported']),
      );
    }
  });

  it('a tampered archive is refused, naming the file and the release it belongs to; so is one with a file removed', async () => {
    const entries = tarEntries(body);
    const b1 = entries.find((e) => e.path === `clips/${cameraB}/${clipB1.id}.mp4`)!;
    const flipped = Buffer.from(body);
    flipped[b1.data + 7] ^= 0x01;
    await writeFile(join(dir, 'tampered.tar'), flipped);
    const tampered = await verifyEvidenceArchive(join(dir, 'tampered.tar'));
    expect(tampered).toMatchObject({ ok: false, file: b1.path, reason: 'hash_differs' });
    expect(tampered.releases.filter((r) => !r.ok).map((r) => r.cameraId)).toEqual([cameraB]);

    const a1 = entries.find((e) => e.path === `clips/${cameraA}/${clipA1.id}.mp4`)!;
    const removed = Buffer.concat([body.subarray(0, a1.header), body.subarray(a1.data + a1.size + padding(a1.size).length)]);
    await writeFile(join(dir, 'removed.tar'), removed);
    const missing = await verifyEvidenceArchive(join(dir, 'removed.tar'));
    expect(missing).toMatchObject({ ok: false, file: a1.path, reason: 'missing' });
    // A1 belongs to both releases of camera A: both fail, camera B's does not.
    expect(missing.releases.filter((r) => !r.ok).map((r) => r.cameraId)).toEqual([cameraA, cameraA]);
  });

  // Starting the CLI compiles it with ts-node: slow on a loaded machine, hence the longer timeout.
  it('the command-line verifier reports per release, exit 0 for the untouched copy and 1 for the tampered one', async () => {
    const cli = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'libs/evidence/src/cli/verify-export.ts'];
    const good = await run(process.execPath, [...cli, join(dir, 'case.tar')]);
    expect(good.stdout).toMatch(/^OK .*case\.tar \(wardwatch-evidence\/2\)/);
    expect(good.stdout.match(/ {2}OK {5}release /g)).toHaveLength(3);
    const bad = await run(process.execPath, [...cli, join(dir, 'tampered.tar')]).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(bad?.code).toBe(1);
    expect(bad?.stdout).toMatch(/FAILED release .*\(camera shop\): 1 of 2 file\(s\) fail/);
  }, 120_000);

  it('an investigation with nothing released: 409 investigation.nothing_released, before any byte', async () => {
    const res = await h.http().get(`/investigations/${emptyInvestigationId}/evidence`).set('Authorization', auth(officer)).expect(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'investigation.nothing_released' });
    expect(res.body.detail).toMatch(/HCM-2026-CASE-8 has no live release yet/);
  });

  it('only members may export: a non-member officer 403; a resident or supervisor is refused by role; unknown 404; bad id 400', async () => {
    const notMember = await h.http().get(`/investigations/${investigationId}/evidence`).set('Authorization', auth(outsider)).expect(403);
    expect(notMember.body).toMatchObject({ code: 'investigation.not_member' });
    expect(notMember.body.detail).toMatch(/not a member of investigation HCM-2026-CASE-7/);
    for (const user of [ownerA, supervisor]) {
      const res = await h.http().get(`/investigations/${investigationId}/evidence`).set('Authorization', auth(user)).expect(403);
      expect(res.body).toMatchObject({ code: 'auth.role_not_allowed' });
    }
    await h.http().get(`/investigations/${investigationId}/evidence`).expect(401);
    await h.http().get('/investigations/5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b/evidence').set('Authorization', auth(officer)).expect(404);
    await h.http().get('/investigations/not-a-uuid/evidence').set('Authorization', auth(officer)).expect(400);
    // Refusals are on the record too.
    const [refused] = await h.app.get(AuditService).find({ action: 'access.refused', actorId: outsider.id, limit: 1 });
    expect(refused.details).toMatchObject({ route: '/api/v1/investigations/:id/evidence', method: 'GET' });
  });

  it('a release that ends leaves the archive; when none is left, nothing is released', async () => {
    await h.db.owner.query(
      `UPDATE footage_releases SET expires_at = now() - interval '1 second' WHERE investigation_id = $1 AND camera_id = $2`,
      [investigationId, cameraB],
    );
    const res = await h
      .http()
      .get(`/investigations/${investigationId}/evidence`)
      .set('Authorization', auth(officer))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    await writeFile(join(dir, 'after.tar'), res.body as Buffer);
    const verified = await verifyEvidenceArchive(join(dir, 'after.tar'));
    expect(verified).toMatchObject({ ok: true, files: 4 });
    expect(verified.releases.map((r) => r.cameraId)).toEqual([cameraA, cameraA]);
    expect(tarEntries(await readFile(join(dir, 'after.tar'))).some((e) => e.path.includes(cameraB))).toBe(false);

    await h.db.owner.query(`UPDATE footage_releases SET revoked_at = now() WHERE investigation_id = $1`, [investigationId]);
    const none = await h.http().get(`/investigations/${investigationId}/evidence`).set('Authorization', auth(officer)).expect(409);
    expect(none.body).toMatchObject({ code: 'investigation.nothing_released' });
  });
});
