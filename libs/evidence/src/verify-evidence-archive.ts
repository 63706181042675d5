import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { hashAuditEntry } from '@wardwatch/audit';
import {
  type AnyEvidenceManifest,
  CASE_EVIDENCE_FORMAT,
  EVIDENCE_FORMAT,
  EVIDENCE_FORMATS,
  MANIFEST_HASH_PATH,
  MANIFEST_PATH,
  manifestHashLine,
} from './evidence-manifest';
import { BLOCK, padding, parseTarHeader, TarFormatError } from './tar';

export const EVIDENCE_FAILURE_REASONS = [
  'archive_unreadable',
  'manifest_unreadable',
  'manifest_hash_differs',
  'missing',
  'size_differs',
  'hash_differs',
  'duplicate',
  'extra_file',
  'custody_entry_differs',
  'custody_chain_broken',
] as const;
export type EvidenceFailureReason = (typeof EVIDENCE_FAILURE_REASONS)[number];

export interface EvidenceFailure {
  /** The archive path that fails (null when the archive itself cannot be read). */
  file: string | null;
  reason: EvidenceFailureReason;
  message: string;
}

/** One release of the archive: its files, and whether each is present and unchanged. */
export interface ReleaseVerification {
  releaseId: string | null;
  requestId: string | null;
  cameraId: string | null;
  cameraLabel: string | null;
  files: number;
  ok: boolean;
  /** Failures of this release's own files (a file two releases share fails both). */
  failures: EvidenceFailure[];
}

/** What the audit excerpt proved: every entry recomputes to its hash, and each run of consecutive entries links. */
export interface CustodyVerification {
  entries: number;
  /** Pairs of consecutive entries (seq n, n + 1) whose link (prevHash = the previous hash) was checked. */
  links: number;
}

export type EvidenceVerification =
  | {
      ok: true;
      format: (typeof EVIDENCE_FORMATS)[number];
      files: number;
      manifestSha256: string;
      exportedAt: string;
      auditHead: { seq: string; hash: string } | null;
      custody: CustodyVerification;
      releases: ReleaseVerification[];
    }
  | ({
      ok: false;
      format: (typeof EVIDENCE_FORMATS)[number] | null;
      /** Every failure found, the first of them also as file, reason and message. */
      failures: EvidenceFailure[];
      /** Per release, when the manifest could be read (empty otherwise). */
      releases: ReleaseVerification[];
    } & EvidenceFailure);

/** What the archive holds for one path, as read. */
interface ArchivedFile {
  size: number;
  sha256: string;
  /** Kept only for the manifest entries (small); files are hashed as they are read, never held. */
  body: Buffer | null;
  copies: number;
}

/** Manifests larger than this are refused rather than read into memory. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const failed = (
  failures: EvidenceFailure[],
  format: (typeof EVIDENCE_FORMATS)[number] | null = null,
  releases: ReleaseVerification[] = [],
): EvidenceVerification => ({ ok: false, ...failures[0], failures, format, releases });
const fail = (file: string | null, reason: EvidenceFailureReason, message: string): EvidenceVerification =>
  failed([{ file, reason, message }]);

/**
 * Checks an evidence archive offline (no database, no network), either format: the single release
 * (`wardwatch-evidence/1`) or the whole investigation (`wardwatch-evidence/2`). First the manifest
 * against its own hash (a changed manifest stops there: nothing it says can be trusted); then
 * every file the manifest lists (present, once, right size, right SHA-256), that nothing else is
 * in the archive, and the audit excerpt (each entry recomputes to its hash; entries with
 * consecutive sequence numbers link by prevHash; none is past the recorded head). Every failure is
 * reported, and attributed to the releases whose files fail.
 */
export async function verifyEvidenceArchive(path: string): Promise<EvidenceVerification> {
  let archived: Map<string, ArchivedFile>;
  try {
    archived = await readArchive(path);
  } catch (e) {
    if (e instanceof TarFormatError) return fail(null, 'archive_unreadable', `${path} is not a readable evidence archive: ${e.message}`);
    throw e;
  }

  const manifestEntry = archived.get(MANIFEST_PATH);
  if (!manifestEntry?.body) return fail(MANIFEST_PATH, 'manifest_unreadable', `${MANIFEST_PATH} is not in the archive`);
  const hashEntry = archived.get(MANIFEST_HASH_PATH);
  if (!hashEntry?.body) return fail(MANIFEST_HASH_PATH, 'missing', `${MANIFEST_HASH_PATH} is not in the archive`);
  if (manifestEntry.copies > 1 || hashEntry.copies > 1) {
    return fail(MANIFEST_PATH, 'duplicate', 'the archive holds more than one manifest; unpacking would keep only the last');
  }
  if (!manifestHashLine(manifestEntry.sha256).equals(hashEntry.body)) {
    return fail(
      MANIFEST_PATH,
      'manifest_hash_differs',
      `${MANIFEST_PATH} does not match the SHA-256 in ${MANIFEST_HASH_PATH}: the manifest was changed`,
    );
  }
  let manifest: AnyEvidenceManifest;
  try {
    manifest = JSON.parse(manifestEntry.body.toString('utf8')) as AnyEvidenceManifest;
  } catch (e) {
    return fail(MANIFEST_PATH, 'manifest_unreadable', `${MANIFEST_PATH} is not valid JSON: ${(e as Error).message}`);
  }
  if (
    !EVIDENCE_FORMATS.includes(manifest?.format) ||
    !Array.isArray(manifest.files) ||
    !Array.isArray(manifest.custody) ||
    (manifest.format === CASE_EVIDENCE_FORMAT && !Array.isArray(manifest.releases))
  ) {
    return fail(MANIFEST_PATH, 'manifest_unreadable', `${MANIFEST_PATH} is not a ${EVIDENCE_FORMATS.join(' or ')} manifest`);
  }

  const failures: EvidenceFailure[] = [];
  const fileFailures = new Map<string, EvidenceFailure>();
  const listed = new Set<string>([MANIFEST_PATH, MANIFEST_HASH_PATH]);
  for (const file of manifest.files) {
    listed.add(file.path);
    const problem = checkFile(file, archived.get(file.path));
    if (problem) {
      failures.push(problem);
      fileFailures.set(file.path, problem);
    }
  }
  for (const name of archived.keys()) {
    if (!listed.has(name))
      failures.push({ file: name, reason: 'extra_file', message: `${name} is in the archive but not in the manifest` });
  }
  const custody = checkCustody(manifest);
  failures.push(...custody.failures);

  const releases = releasesOf(manifest).map((r): ReleaseVerification => {
    const own = r.paths.map((p) => fileFailures.get(p)).filter((f): f is EvidenceFailure => f !== undefined);
    return { ...r.release, files: r.paths.length, ok: own.length === 0, failures: own };
  });
  if (failures.length > 0) return failed(failures, manifest.format, releases);
  return {
    ok: true,
    format: manifest.format,
    files: manifest.files.length,
    manifestSha256: manifestEntry.sha256,
    exportedAt: manifest.exportedAt,
    auditHead: manifest.auditHead,
    custody: { entries: manifest.custody.length, links: custody.links },
    releases,
  };
}

function checkFile(file: { path: string; size: number; sha256: string }, found: ArchivedFile | undefined): EvidenceFailure | null {
  if (!found) return { file: file.path, reason: 'missing', message: `${file.path} is listed in the manifest but not in the archive` };
  if (found.copies > 1)
    return {
      file: file.path,
      reason: 'duplicate',
      message: `${file.path} is in the archive ${found.copies} times; unpacking would keep only the last`,
    };
  if (found.size !== file.size)
    return { file: file.path, reason: 'size_differs', message: `${file.path} has ${found.size} bytes; the manifest says ${file.size}` };
  if (found.sha256 !== file.sha256)
    return {
      file: file.path,
      reason: 'hash_differs',
      message: `${file.path} has SHA-256 ${found.sha256}; the manifest says ${file.sha256}: the file was changed`,
    };
  return null;
}

/**
 * The audit excerpt is a segment of the chain, not all of it (only the entries of this case and
 * its clips): each entry must recompute to its hash, come in chain order, not be past the head
 * recorded at export, and where two entries are neighbours in the chain (seq n and n + 1) the
 * second must name the first's hash as its prevHash. Tying the excerpt to the live chain, or to an
 * anchor, is done against the recorded head.
 */
function checkCustody(manifest: AnyEvidenceManifest): { failures: EvidenceFailure[]; links: number } {
  const failures: EvidenceFailure[] = [];
  let links = 0;
  let previous: { seq: bigint; hash: string } | null = null;
  const head = manifest.auditHead ? BigInt(manifest.auditHead.seq) : null;
  for (const entry of manifest.custody) {
    const recomputed = hashAuditEntry({ ...entry, at: new Date(entry.at) });
    if (recomputed !== entry.hash) {
      failures.push({
        file: MANIFEST_PATH,
        reason: 'custody_entry_differs',
        message: `audit entry ${entry.seq} in the manifest does not match its hash: it was changed`,
      });
    }
    const seq = BigInt(entry.seq);
    if (previous && seq <= previous.seq) {
      failures.push({
        file: MANIFEST_PATH,
        reason: 'custody_chain_broken',
        message: `audit entry ${entry.seq} comes after entry ${previous.seq}: the excerpt is not in chain order`,
      });
    } else if (previous && seq === previous.seq + 1n) {
      links++;
      if (entry.prevHash !== previous.hash) {
        failures.push({
          file: MANIFEST_PATH,
          reason: 'custody_chain_broken',
          message: `audit entry ${entry.seq} does not link to entry ${previous.seq} (its prevHash is not that entry's hash)`,
        });
      }
    }
    if (head !== null && seq > head) {
      failures.push({
        file: MANIFEST_PATH,
        reason: 'custody_chain_broken',
        message: `audit entry ${entry.seq} is past the audit head recorded at export (${manifest.auditHead!.seq})`,
      });
    }
    if (head !== null && seq === head && entry.hash !== manifest.auditHead!.hash) {
      failures.push({
        file: MANIFEST_PATH,
        reason: 'custody_chain_broken',
        message: `audit entry ${entry.seq} is the recorded head but its hash is not the head's`,
      });
    }
    previous = { seq, hash: entry.hash };
  }
  return { failures, links };
}

type ReleaseIdentity = Pick<ReleaseVerification, 'releaseId' | 'requestId' | 'cameraId' | 'cameraLabel'>;

/** The releases the manifest describes, each with the archive paths of its files. */
function releasesOf(manifest: AnyEvidenceManifest): { release: ReleaseIdentity; paths: string[] }[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const labelOf = (camera: unknown) => str((camera as { label?: unknown } | null | undefined)?.label);
  if (manifest.format === EVIDENCE_FORMAT) {
    const r = manifest.release as { id?: unknown; requestId?: unknown; cameraId?: unknown; camera?: unknown } | null;
    return [
      {
        release: { releaseId: str(r?.id), requestId: str(r?.requestId), cameraId: str(r?.cameraId), cameraLabel: labelOf(r?.camera) },
        paths: manifest.files.map((f) => f.path),
      },
    ];
  }
  return manifest.releases.map((r) => ({
    release: { releaseId: str(r.id), requestId: str(r.requestId), cameraId: str(r.cameraId), cameraLabel: labelOf(r.camera) },
    // The files that name this release (the manifest's own list of them is covered by its hash too).
    paths: manifest.files.filter((f) => Array.isArray(f.releaseIds) && f.releaseIds.includes(r.id)).map((f) => f.path),
  }));
}

/** Walks the tar once, hashing every file; keeps the bytes of the two manifest entries only. */
async function readArchive(path: string): Promise<Map<string, ArchivedFile>> {
  const handle = await open(path, 'r');
  try {
    const { size: total } = await handle.stat();
    const files = new Map<string, ArchivedFile>();
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    for (;;) {
      if (offset + BLOCK > total) throw new TarFormatError('the archive ends without its end-of-archive marker (it was cut off)');
      await readExactly(handle, header, offset);
      offset += BLOCK;
      const info = parseTarHeader(header);
      if (!info) return files;
      if (info.type !== '0')
        throw new TarFormatError(`${info.path} is not a regular file (type ${info.type}); evidence archives hold files only`);
      if (offset + info.size + padding(info.size).length > total) throw new TarFormatError(`the archive is cut off inside ${info.path}`);
      const keep = info.path === MANIFEST_PATH || info.path === MANIFEST_HASH_PATH;
      if (keep && info.size > MAX_MANIFEST_BYTES) throw new TarFormatError(`${info.path} is larger than ${MAX_MANIFEST_BYTES} bytes`);
      const { sha256, body } = await hashRange(handle, offset, info.size, keep);
      const previous = files.get(info.path);
      files.set(info.path, { size: info.size, sha256, body, copies: (previous?.copies ?? 0) + 1 });
      offset += info.size + padding(info.size).length;
    }
  } finally {
    await handle.close();
  }
}

async function readExactly(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  const { bytesRead } = await handle.read(into, 0, into.length, position);
  if (bytesRead !== into.length) throw new TarFormatError('the archive was cut off');
}

async function hashRange(
  handle: FileHandle,
  start: number,
  length: number,
  keep: boolean,
): Promise<{ sha256: string; body: Buffer | null }> {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  const chunk = Buffer.alloc(Math.min(Math.max(length, 1), 1024 * 1024));
  for (let done = 0; done < length;) {
    const n = Math.min(chunk.length, length - done);
    const { bytesRead } = await handle.read(chunk, 0, n, start + done);
    if (bytesRead !== n) throw new TarFormatError('the archive was cut off');
    hash.update(chunk.subarray(0, n));
    if (keep) kept.push(Buffer.from(chunk.subarray(0, n)));
    done += n;
  }
  return { sha256: hash.digest('hex'), body: keep ? Buffer.concat(kept) : null };
}

/** A report for people: what was checked, per release, and on failure which files and why. */
export function describeVerification(path: string, result: EvidenceVerification): string {
  const perRelease = (releases: ReleaseVerification[]) =>
    releases.map((r) => {
      const name =
        `release ${r.releaseId ?? '(unnamed)'}` + (r.cameraLabel || r.cameraId ? ` (camera ${r.cameraLabel ?? r.cameraId})` : '');
      return r.ok
        ? `  OK     ${name}: ${r.files} file(s) unchanged`
        : `  FAILED ${name}: ${r.failures.length} of ${r.files} file(s) fail: ${r.failures.map((f) => `${f.file} (${f.reason})`).join(', ')}`;
    });
  if (result.ok) {
    const head = result.auditHead
      ? `audit head at export: entry ${result.auditHead.seq}, ${result.auditHead.hash}`
      : 'no audit head recorded';
    return [
      `OK ${path} (${result.format})`,
      `  manifest SHA-256 ${result.manifestSha256}`,
      `  ${result.files} file(s) present with the recorded size and SHA-256; nothing else in the archive`,
      ...perRelease(result.releases),
      `  audit excerpt: ${result.custody.entries} entr${result.custody.entries === 1 ? 'y' : 'ies'} match their hashes, ${result.custody.links} chain link(s) checked`,
      `  exported at ${result.exportedAt}; ${head}`,
      '  Compare the manifest SHA-256 with the evidence.exported entry of the audit log to tie this copy to its export.',
    ].join('\n');
  }
  return [
    `FAILED ${path}${result.format ? ` (${result.format})` : ''}`,
    ...result.failures.flatMap((f) => [`  file:   ${f.file ?? '(the archive itself)'}`, `  reason: ${f.reason}`, `  ${f.message}`]),
    ...perRelease(result.releases),
  ].join('\n');
}
