import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { hashAuditEntry } from '@wardwatch/audit';
import { writeEvidenceArchive } from './evidence-archive.writer';
import {
  CASE_EVIDENCE_FORMAT,
  EVIDENCE_FORMAT,
  type AnyEvidenceManifest,
  type CaseEvidenceManifest,
  type EvidenceManifest,
  type ManifestAuditEntry,
} from './evidence-manifest';
import { padding, parseTarHeader } from './tar';
import { describeVerification, verifyEvidenceArchive } from './verify-evidence-archive';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const camera = (id: string, label: string) => ({ id, label, address: null, location: null });

/** A chain of audit entries as the log would hash them (seq 1..n, each linked to the previous). */
function chain(actions: string[]): ManifestAuditEntry[] {
  const entries: ManifestAuditEntry[] = [];
  let prevHash = '0'.repeat(64);
  actions.forEach((action, i) => {
    const base = {
      seq: String(i + 1),
      at: new Date(Date.UTC(2026, 10, 28, 20, i)).toISOString(),
      actorId: null,
      actorRole: 'system',
      action,
      subjectType: 'clip',
      subjectId: `clip-${i}`,
      cameraId: null,
      investigationId: null,
      details: {},
      prevHash,
    };
    const hash = hashAuditEntry({ ...base, at: new Date(base.at) });
    entries.push({ ...base, hash });
    prevHash = hash;
  });
  return entries;
}

const bytes = {
  a1: Buffer.from('clip a1 '.repeat(300)),
  a1jpg: Buffer.from('thumbnail a1'),
  b1: Buffer.from('clip b1 '.repeat(200)),
};

function caseManifest(custody = chain(['clip.stored', 'clip.stored', 'request.filed'])): CaseEvidenceManifest {
  const file = (path: string, body: Buffer, cam: string, releaseIds: string[], kind: 'clip' | 'thumbnail' = 'clip') => ({
    path,
    sha256: sha256(body),
    size: body.length,
    kind,
    clipId: path.split('/')[2].split('.')[0],
    camera: camera(cam, cam === 'cam-a' ? 'gate' : 'shop'),
    startedAt: null,
    endedAt: null,
    provenance: null,
    releaseIds,
  });
  const files = [
    file('clips/cam-a/a1.mp4', bytes.a1, 'cam-a', ['rel-a', 'rel-a2']),
    file('clips/cam-a/a1.jpg', bytes.a1jpg, 'cam-a', ['rel-a', 'rel-a2'], 'thumbnail'),
    file('clips/cam-b/b1.mp4', bytes.b1, 'cam-b', ['rel-b']),
  ];
  const release = (id: string, cameraId: string, requestId: string) => ({
    id,
    requestId,
    cameraId,
    camera: camera(cameraId, cameraId === 'cam-a' ? 'gate' : 'shop'),
    files: files.filter((f) => f.releaseIds.includes(id)).map((f) => f.path),
  });
  return {
    format: CASE_EVIDENCE_FORMAT,
    exportedAt: '2026-11-30T08:00:00.000Z',
    exporter: { userId: 'officer-1', role: 'officer' },
    investigation: { id: 'inv-1', caseNumber: 'HCM-2026-0042' },
    releases: [release('rel-a', 'cam-a', 'req-1'), release('rel-b', 'cam-b', 'req-1'), release('rel-a2', 'cam-a', 'req-2')],
    requests: [{ id: 'req-1' }, { id: 'req-2' }],
    approvals: [
      { requestId: 'req-1', by: 'supervisor', decision: 'approved' },
      { requestId: 'req-2', by: 'supervisor', decision: 'approved' },
    ],
    files,
    gaps: [],
    custody,
    auditHead: { seq: custody.at(-1)!.seq, hash: custody.at(-1)!.hash },
  };
}

const contentOf: Record<string, Buffer> = {
  'clips/cam-a/a1.mp4': bytes.a1,
  'clips/cam-a/a1.jpg': bytes.a1jpg,
  'clips/cam-b/b1.mp4': bytes.b1,
};

async function archive(manifest: AnyEvidenceManifest): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeEvidenceArchive(manifest, (f) => Promise.resolve(Readable.from([contentOf[f.path]])), out);
  return Buffer.concat(chunks);
}

function entries(tar: Buffer) {
  const found: { path: string; header: number; data: number; size: number }[] = [];
  for (let offset = 0; ;) {
    const info = parseTarHeader(tar.subarray(offset, offset + 512));
    if (!info) return found;
    found.push({ path: info.path, header: offset, data: offset + 512, size: info.size });
    offset += 512 + info.size + padding(info.size).length;
  }
}

describe('verifyEvidenceArchive: both formats, per release', () => {
  let dir: string;
  let good: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardwatch-verify-spec-'));
    good = await archive(caseManifest());
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const verify = async (name: string, tar: Buffer) => {
    await writeFile(join(dir, name), tar);
    return verifyEvidenceArchive(join(dir, name));
  };

  it('an untouched case archive verifies, every release OK, the audit excerpt’s links checked', async () => {
    const result = await verify('good.tar', good);
    expect(result).toMatchObject({ ok: true, format: CASE_EVIDENCE_FORMAT, files: 3, custody: { entries: 3, links: 2 } });
    expect(result.releases).toEqual([
      { releaseId: 'rel-a', requestId: 'req-1', cameraId: 'cam-a', cameraLabel: 'gate', files: 2, ok: true, failures: [] },
      { releaseId: 'rel-b', requestId: 'req-1', cameraId: 'cam-b', cameraLabel: 'shop', files: 1, ok: true, failures: [] },
      { releaseId: 'rel-a2', requestId: 'req-2', cameraId: 'cam-a', cameraLabel: 'gate', files: 2, ok: true, failures: [] },
    ]);
    const report = describeVerification('good.tar', result);
    expect(report).toMatch(/^OK good\.tar \(wardwatch-evidence\/2\)/);
    expect(report).toContain('OK     release rel-b (camera shop): 1 file(s) unchanged');
  });

  it('a tampered file fails the releases that hold it, and only those', async () => {
    const b1 = entries(good).find((e) => e.path === 'clips/cam-b/b1.mp4')!;
    const tar = Buffer.from(good);
    tar[b1.data + 3] ^= 0x20;
    const result = await verify('tampered.tar', tar);
    expect(result).toMatchObject({ ok: false, file: 'clips/cam-b/b1.mp4', reason: 'hash_differs' });
    expect(result.releases.map((r) => [r.releaseId, r.ok])).toEqual([
      ['rel-a', true],
      ['rel-b', false],
      ['rel-a2', true],
    ]);
    expect(describeVerification('tampered.tar', result)).toContain(
      'FAILED release rel-b (camera shop): 1 of 1 file(s) fail: clips/cam-b/b1.mp4 (hash_differs)',
    );
  });

  it('a missing file shared by two releases fails both; every failure is listed', async () => {
    const cut = (tar: Buffer, path: string) => {
      const e = entries(tar).find((x) => x.path === path)!;
      return Buffer.concat([tar.subarray(0, e.header), tar.subarray(e.data + e.size + padding(e.size).length)]);
    };
    const result = await verify('missing.tar', cut(cut(good, 'clips/cam-a/a1.jpg'), 'clips/cam-b/b1.mp4'));
    expect(result).toMatchObject({ ok: false, file: 'clips/cam-a/a1.jpg', reason: 'missing' });
    if (result.ok) throw new Error('unreachable');
    expect(result.failures.map((f) => [f.file, f.reason])).toEqual([
      ['clips/cam-a/a1.jpg', 'missing'],
      ['clips/cam-b/b1.mp4', 'missing'],
    ]);
    expect(result.releases.map((r) => [r.releaseId, r.failures.length])).toEqual([
      ['rel-a', 1],
      ['rel-b', 1],
      ['rel-a2', 1],
    ]);
  });

  it('an audit excerpt whose neighbours do not link is refused (the chain segment is checked, not only each hash)', async () => {
    const custody = chain(['clip.stored', 'clip.stored', 'request.filed']);
    // Entry 2 re-hashed over a different prevHash: its own hash recomputes, but it no longer follows entry 1.
    const forged = { ...custody[1], prevHash: 'f'.repeat(64) };
    custody[1] = { ...forged, hash: hashAuditEntry({ ...forged, at: new Date(forged.at) }) };
    const result = await verify('unlinked.tar', await archive(caseManifest(custody)));
    expect(result).toMatchObject({ ok: false, file: 'manifest.json', reason: 'custody_chain_broken' });
    expect(result.ok || result.message).toMatch(/entry 2 does not link to entry 1/);
  });

  it('a single-release archive (wardwatch-evidence/1) still verifies, as one release', async () => {
    const c = caseManifest();
    const v1: EvidenceManifest = {
      format: EVIDENCE_FORMAT,
      exportedAt: c.exportedAt,
      exporter: c.exporter,
      investigation: c.investigation,
      request: { id: 'req-1' },
      approvals: [],
      release: { id: 'rel-b', requestId: 'req-1', cameraId: 'cam-b', camera: camera('cam-b', 'shop') },
      files: c.files.filter((f) => f.path.startsWith('clips/cam-b/')).map(({ releaseIds: _ids, ...f }) => f),
      gaps: [],
      custody: c.custody,
      auditHead: c.auditHead,
    };
    const result = await verify('v1.tar', await archive(v1));
    expect(result).toMatchObject({ ok: true, format: EVIDENCE_FORMAT, files: 1 });
    expect(result.releases).toEqual([expect.objectContaining({ releaseId: 'rel-b', cameraLabel: 'shop', files: 1, ok: true })]);
  });
});
