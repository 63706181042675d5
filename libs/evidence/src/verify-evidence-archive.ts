import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { hashAuditEntry } from '@wardwatch/audit';
import { EVIDENCE_FORMAT, EvidenceManifest, MANIFEST_HASH_PATH, MANIFEST_PATH, manifestHashLine } from './evidence-manifest';
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
] as const;
export type EvidenceFailureReason = (typeof EVIDENCE_FAILURE_REASONS)[number];

export type EvidenceVerification =
  | { ok: true; files: number; manifestSha256: string; exportedAt: string; auditHead: { seq: string; hash: string } | null }
  | {
      ok: false;
      /** The archive path that fails (null when the archive itself cannot be read). */
      file: string | null;
      reason: EvidenceFailureReason;
      message: string;
    };

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

const fail = (file: string | null, reason: EvidenceFailureReason, message: string): EvidenceVerification => ({
  ok: false,
  file,
  reason,
  message,
});

/**
 * Checks an evidence archive offline (no database, no network): the manifest against its own
 * hash, then every file the manifest lists (present, once, right size, right SHA-256, in manifest
 * order), then that nothing else is in the archive, then that each chain-of-custody audit entry
 * still matches its hash. Returns the first failure, naming the file.
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
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(manifestEntry.body.toString('utf8')) as EvidenceManifest;
  } catch (e) {
    return fail(MANIFEST_PATH, 'manifest_unreadable', `${MANIFEST_PATH} is not valid JSON: ${(e as Error).message}`);
  }
  if (manifest?.format !== EVIDENCE_FORMAT || !Array.isArray(manifest.files) || !Array.isArray(manifest.custody)) {
    return fail(MANIFEST_PATH, 'manifest_unreadable', `${MANIFEST_PATH} is not a ${EVIDENCE_FORMAT} manifest`);
  }

  const listed = new Set<string>([MANIFEST_PATH, MANIFEST_HASH_PATH]);
  for (const file of manifest.files) {
    listed.add(file.path);
    const found = archived.get(file.path);
    if (!found) return fail(file.path, 'missing', `${file.path} is listed in the manifest but not in the archive`);
    if (found.copies > 1)
      return fail(file.path, 'duplicate', `${file.path} is in the archive ${found.copies} times; unpacking would keep only the last`);
    if (found.size !== file.size)
      return fail(file.path, 'size_differs', `${file.path} has ${found.size} bytes; the manifest says ${file.size}`);
    if (found.sha256 !== file.sha256) {
      return fail(
        file.path,
        'hash_differs',
        `${file.path} has SHA-256 ${found.sha256}; the manifest says ${file.sha256}: the file was changed`,
      );
    }
  }
  for (const name of archived.keys()) {
    if (!listed.has(name)) return fail(name, 'extra_file', `${name} is in the archive but not in the manifest`);
  }
  for (const entry of manifest.custody) {
    const recomputed = hashAuditEntry({ ...entry, at: new Date(entry.at) });
    if (recomputed !== entry.hash) {
      return fail(
        MANIFEST_PATH,
        'custody_entry_differs',
        `audit entry ${entry.seq} in the manifest does not match its hash: it was changed`,
      );
    }
  }
  return {
    ok: true,
    files: manifest.files.length,
    manifestSha256: manifestEntry.sha256,
    exportedAt: manifest.exportedAt,
    auditHead: manifest.auditHead,
  };
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

/** A report for people: what was checked and, on failure, which file and why. */
export function describeVerification(path: string, result: EvidenceVerification): string {
  if (result.ok) {
    const head = result.auditHead
      ? `audit head at export: entry ${result.auditHead.seq}, ${result.auditHead.hash}`
      : 'no audit head recorded';
    return [
      `OK ${path}`,
      `  manifest SHA-256 ${result.manifestSha256}`,
      `  ${result.files} file(s) present with the recorded size and SHA-256; nothing else in the archive`,
      `  exported at ${result.exportedAt}; ${head}`,
      '  Compare the manifest SHA-256 with the evidence.exported entry of the audit log to tie this copy to its export.',
    ].join('\n');
  }
  return [`FAILED ${path}`, `  file:   ${result.file ?? '(the archive itself)'}`, `  reason: ${result.reason}`, `  ${result.message}`].join(
    '\n',
  );
}
