import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditEntryEntity, AuditLogRepository, AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import {
  BLOCK,
  EvidenceExportService,
  EvidenceFileMismatchError,
  parseTarHeader,
  padding,
  verifyEvidenceArchive,
  type EvidencePackage,
  type EvidencePackageFile,
} from '@wardwatch/evidence';
import { ObjectStore } from '@wardwatch/storage';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { coreConfig, REPO_ROOT } from '../support/test-environment';

const run = promisify(execFile);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Where each entry of a tar sits, read with the library's own header parser. */
function tarEntries(archive: Buffer): { path: string; header: number; data: number; size: number }[] {
  const out = [];
  for (let offset = 0; ;) {
    const info = parseTarHeader(archive.subarray(offset, offset + BLOCK));
    if (!info) return out;
    out.push({ path: info.path, header: offset, data: offset + BLOCK, size: info.size });
    offset += BLOCK + info.size + padding(info.size).length;
  }
}

describe('evidence archives: written from the real object store, verified offline', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let audit: AuditService;
  let store: ObjectStore;
  let exporter: EvidenceExportService;
  let dir: string;
  const prefix = `test/evidence/${randomUUID()}`;
  const investigationId = randomUUID();
  const cameraId = randomUUID();
  const officer = { userId: randomUUID(), role: 'officer' };
  const clips = [
    { id: randomUUID(), bytes: randomBytes(1024 * 1024 + 333) }, // several read chunks, not block-aligned
    { id: randomUUID(), bytes: randomBytes(5000) },
    { id: randomUUID(), bytes: Buffer.alloc(0) }, // an empty file is still a file
  ];

  const file = (clip: (typeof clips)[number], overrides: Partial<EvidencePackageFile> = {}): EvidencePackageFile => ({
    path: `clips/${cameraId}/${clip.id}.mp4`,
    objectKey: `${prefix}/${clip.id}.mp4`,
    sha256: sha256(clip.bytes),
    size: clip.bytes.length,
    kind: 'clip',
    clipId: clip.id,
    camera: { id: cameraId, label: 'Gate', address: '12 Hoàng Văn Thái, An Bình', location: { latitude: 10.79, longitude: 106.69 } },
    startedAt: new Date('2026-11-28T20:00:00.000Z'),
    endedAt: new Date('2026-11-28T20:00:30.000Z'),
    provenance: { ffmpegArgs: ['-c', 'copy'], cameraClockOffsetMs: 120 },
    ...overrides,
  });
  const pkg = (files: EvidencePackageFile[]): EvidencePackage => ({
    investigation: { id: investigationId, caseNumber: 'HCM-2026-0042', title: 'Burglary, Hoàng Văn Thái' },
    request: {
      id: 'request-1',
      reason: 'burglary on the night of 28 Nov',
      window: { from: '2026-11-28T19:00:00Z', to: '2026-11-28T21:00:00Z' },
    },
    approvals: [
      { by: 'supervisor-1', decision: 'approved' },
      { by: 'owner-1', decision: 'approved' },
    ],
    release: { id: 'release-1', until: '2026-12-28T00:00:00Z' },
    files,
    gaps: [{ cameraId, from: '2026-11-28T19:10:00Z', to: '2026-11-28T19:12:00Z', reason: 'offline' }],
  });

  /** Exports to a file on disk, as the CLI's user would receive it. */
  const exportTo = async (name: string, files: EvidencePackageFile[]) => {
    const path = join(dir, name);
    const prepared = await exporter.prepare(pkg(files), officer);
    const out = createWriteStream(path);
    try {
      const result = await prepared.writeTo(out);
      return { path, prepared, result };
    } finally {
      out.end();
      await finished(out);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: db.appUrl, entities: [AuditEntryEntity] });
    await dataSource.initialize();
    audit = new AuditService(new AuditLogRepository(dataSource));
    store = new ObjectStore(coreConfig());
    await store.ensureBucket();
    exporter = new EvidenceExportService(store, audit);
    dir = await mkdtemp(join(tmpdir(), 'wardwatch-evidence-'));
    for (const clip of clips) {
      await store.put(`${prefix}/${clip.id}.mp4`, clip.bytes, clip.bytes.length, 'video/mp4');
      await audit.record({
        actor: SYSTEM_ACTOR,
        action: 'clip.stored',
        subject: { type: 'clip', id: clip.id },
        cameraId,
        details: { sha256: sha256(clip.bytes) },
      });
    }
    await audit.record({ actor: officer, action: 'request.filed', subject: { type: 'footage_request', id: 'request-1' }, investigationId });
    await audit.record({ actor: SYSTEM_ACTOR, action: 'clip.stored', subject: { type: 'clip', id: randomUUID() }, cameraId });
    await audit.record({ actor: officer, action: 'search.events', subject: { type: 'search' } });
  });
  afterAll(async () => {
    // Once more on failure: after a few idle seconds the store may close a kept-alive socket as the client reuses it.
    for (const clip of clips) await store.remove(`${prefix}/${clip.id}.mp4`).catch(() => store.remove(`${prefix}/${clip.id}.mp4`));
    await dataSource.destroy();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('an untouched export', () => {
    let exported: Awaited<ReturnType<typeof exportTo>>;
    beforeAll(async () => {
      exported = await exportTo(
        'good.tar',
        clips.map((c) => file(c)),
      );
    });

    it('verifies, and its size was known before writing', async () => {
      const result = await verifyEvidenceArchive(exported.path);
      expect(result).toMatchObject({ ok: true, files: 3, manifestSha256: exported.result.manifestSha256 });
      expect((await stat(exported.path)).size).toBe(exported.prepared.size);
      expect(exported.result.bytes).toBe(exported.prepared.size);
    });

    it('is a plain tar that GNU tar unpacks, and sha256sum checks the manifest', async () => {
      const { stdout } = await run('tar', ['-tf', exported.path]);
      expect(stdout.trim().split('\n')).toEqual(['manifest.json', 'manifest.sha256', ...clips.map((c) => `clips/${cameraId}/${c.id}.mp4`)]);
      const out = join(dir, 'unpacked');
      await run('mkdir', ['-p', out]);
      await run('tar', ['-xf', exported.path, '-C', out]);
      await run('sha256sum', ['-c', 'manifest.sha256'], { cwd: out });
      expect(sha256(await readFile(join(out, 'clips', cameraId, `${clips[0].id}.mp4`)))).toBe(sha256(clips[0].bytes));
    });

    it('carries the files, request, approvals, gaps, chain of custody and audit head', async () => {
      const { manifest } = exported.prepared;
      expect(manifest.files[0]).toMatchObject({
        path: `clips/${cameraId}/${clips[0].id}.mp4`,
        sha256: sha256(clips[0].bytes),
        size: clips[0].bytes.length,
        clipId: clips[0].id,
        camera: { id: cameraId, location: { latitude: 10.79, longitude: 106.69 } },
        startedAt: '2026-11-28T20:00:00.000Z',
        endedAt: '2026-11-28T20:00:30.000Z',
      });
      expect(manifest).toMatchObject({ exporter: officer, request: { id: 'request-1' }, release: { id: 'release-1' } });
      expect(manifest.approvals).toHaveLength(2);
      expect(manifest.gaps).toHaveLength(1);
      // Custody: the three clips' entries and the investigation's, not the unrelated clip or search.
      expect(manifest.custody.map((e) => `${e.action}:${e.subjectId}`)).toEqual([
        ...clips.map((c) => `clip.stored:${c.id}`),
        'request.filed:request-1',
      ]);
      // Six entries were written before the export; the head is the sixth, as the database has it.
      const { rows } = await db.owner.query(`SELECT hash FROM audit_entries WHERE seq = 6`);
      expect(manifest.auditHead).toEqual({ seq: '6', hash: rows[0].hash });
    });

    it('is itself audited with the manifest SHA-256', async () => {
      const [entry] = await audit.find({ action: 'evidence.exported', investigationId, limit: 1 });
      expect(entry.details).toMatchObject({
        manifestSha256: exported.result.manifestSha256,
        files: 3,
        auditHead: exported.prepared.manifest.auditHead,
      });
      expect(entry.actorId).toBe(officer.userId);
    });
  });

  describe('a changed archive fails at the right file', () => {
    let good: Buffer;
    let entries: ReturnType<typeof tarEntries>;
    beforeAll(async () => {
      const exported = await exportTo(
        'base.tar',
        clips.map((c) => file(c)),
      );
      good = await readFile(exported.path);
      entries = tarEntries(good);
    });
    const verifyBytes = async (name: string, bytes: Buffer) => {
      const path = join(dir, name);
      await writeFile(path, bytes);
      return verifyEvidenceArchive(path);
    };

    it('one changed byte in a clip: hash_differs, naming that clip', async () => {
      const target = entries.find((e) => e.path.endsWith(`${clips[1].id}.mp4`))!;
      const bytes = Buffer.from(good);
      bytes[target.data + 1234] ^= 0x01;
      expect(await verifyBytes('flipped.tar', bytes)).toMatchObject({ ok: false, file: target.path, reason: 'hash_differs' });
    });

    it('a removed clip: missing, naming it', async () => {
      const target = entries.find((e) => e.path.endsWith(`${clips[0].id}.mp4`))!;
      const end = target.data + target.size + padding(target.size).length;
      const bytes = Buffer.concat([good.subarray(0, target.header), good.subarray(end)]);
      expect(await verifyBytes('removed.tar', bytes)).toMatchObject({ ok: false, file: target.path, reason: 'missing' });
    });

    it('a changed manifest: manifest_hash_differs', async () => {
      const manifest = entries.find((e) => e.path === 'manifest.json')!;
      const text = good.subarray(manifest.data, manifest.data + manifest.size).toString('utf8');
      const at = text.indexOf('HCM-2026-0042');
      const bytes = Buffer.from(good);
      bytes.write('HCM-2026-0043', manifest.data + Buffer.byteLength(text.slice(0, at)), 'utf8');
      expect(await verifyBytes('manifest.tar', bytes)).toMatchObject({ ok: false, file: 'manifest.json', reason: 'manifest_hash_differs' });
    });

    it('a file added that the manifest does not list: extra_file', async () => {
      const end = good.length - 2 * BLOCK;
      const { tarHeader } = await import('@wardwatch/evidence');
      const extra = Buffer.from('planted');
      const bytes = Buffer.concat([
        good.subarray(0, end),
        tarHeader('clips/planted.mp4', extra.length, new Date()),
        extra,
        padding(extra.length),
        good.subarray(end),
      ]);
      expect(await verifyBytes('extra.tar', bytes)).toMatchObject({ ok: false, file: 'clips/planted.mp4', reason: 'extra_file' });
    });

    it('a second copy of a clip appended (unpacking would keep the last one): duplicate', async () => {
      const target = entries.find((e) => e.path.endsWith(`${clips[1].id}.mp4`))!;
      const end = good.length - 2 * BLOCK;
      const copy = good.subarray(target.header, target.data + target.size + padding(target.size).length);
      const bytes = Buffer.concat([good.subarray(0, end), copy, good.subarray(end)]);
      expect(await verifyBytes('duplicate.tar', bytes)).toMatchObject({ ok: false, file: target.path, reason: 'duplicate' });
    });

    it('a cut-off archive: archive_unreadable', async () => {
      expect(await verifyBytes('cut.tar', good.subarray(0, good.length - 3 * BLOCK))).toMatchObject({
        ok: false,
        reason: 'archive_unreadable',
      });
    });

    it('the CLI reports OK with exit 0, and names the failing file with exit 1', async () => {
      const flipped = Buffer.from(good);
      const target = entries.find((e) => e.path.endsWith(`${clips[0].id}.mp4`))!;
      flipped[target.data + 10] ^= 0xff;
      await writeFile(join(dir, 'cli-bad.tar'), flipped);
      const cli = (path: string) =>
        run('npm', ['run', '--silent', 'verify-export', '--', path], { cwd: REPO_ROOT }).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
        );
      const [ok, bad] = await Promise.all([cli(join(dir, 'base.tar')), cli(join(dir, 'cli-bad.tar'))]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^OK .*base\.tar/);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`file:   ${target.path}`);
      expect(bad.stdout).toContain('reason: hash_differs');
    }, 60_000);
  });

  describe('the writer refuses evidence that does not match its record', () => {
    it('a stored object whose SHA-256 differs: the export stops naming the file, is audited, and leaves no valid archive', async () => {
      const recordedWrong = file(clips[1], { sha256: 'f'.repeat(64) });
      const files = [file(clips[0]), recordedWrong, file(clips[2])];
      const error = await exportTo('refused.tar', files).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EvidenceFileMismatchError);
      expect(error).toMatchObject({ path: recordedWrong.path, reason: 'hash_differs' });
      const [failed] = await audit.find({ action: 'evidence.export_failed', investigationId, limit: 1 });
      expect(failed.details).toMatchObject({ file: recordedWrong.path });
      expect(await verifyEvidenceArchive(join(dir, 'refused.tar'))).toMatchObject({ ok: false, reason: 'archive_unreadable' });
    });

    it('a stored object that is gone: the export stops naming the file', async () => {
      const gone = file(clips[1], { objectKey: `${prefix}/never-stored.mp4` });
      await expect(exportTo('gone.tar', [gone])).rejects.toMatchObject({ name: 'EvidenceFileUnavailableError', path: gone.path });
    });

    it('a stored object shorter than recorded: size_differs', async () => {
      await expect(exportTo('short.tar', [file(clips[1], { size: clips[1].bytes.length + 1 })])).rejects.toMatchObject({
        reason: 'size_differs',
      });
    });
  });
});
