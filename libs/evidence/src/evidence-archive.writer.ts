import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import {
  AnyEvidenceManifest,
  MANIFEST_HASH_PATH,
  MANIFEST_PATH,
  ManifestFile,
  manifestBytes,
  manifestHashLine,
  sha256Hex,
} from './evidence-manifest';
import { END_OF_ARCHIVE, padding, tarEntryBytes, tarHeader } from './tar';

/** A file did not match what the manifest says about it; the archive was abandoned. */
export class EvidenceFileMismatchError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'size_differs' | 'hash_differs',
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceFileMismatchError';
  }
}

/** A file could not be read from where it is stored (missing object, store unreachable, stream broken). */
export class EvidenceFileUnavailableError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`${path}: the stored file could not be read: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'EvidenceFileUnavailableError';
  }
}

/** Opens one file's bytes (for stored clips: a stream from the object store). Called when its turn comes. */
export type EvidenceFileOpener = (file: ManifestFile) => Promise<Readable>;

/** The archive's exact length in bytes, known before writing (e.g. for Content-Length). */
export function evidenceArchiveSize(manifest: AnyEvidenceManifest): number {
  const manifestLength = manifestBytes(manifest).length;
  const hashLineLength = manifestHashLine('0'.repeat(64)).length;
  return (
    tarEntryBytes(manifestLength) +
    tarEntryBytes(hashLineLength) +
    manifest.files.reduce((n, f) => n + tarEntryBytes(f.size), 0) +
    END_OF_ARCHIVE.length
  );
}

/**
 * Writes the archive as a tar stream: manifest.json, manifest.sha256, then each file in manifest
 * order, read one at a time and hashed as it passes. A file whose size or SHA-256 differs from the
 * manifest stops the export with an error naming it; its last chunk is held back until the hash is
 * known, so the output never carries a complete copy of a file that failed, nor any file after it,
 * nor the end-of-archive marker. Exporting corrupted evidence silently would be worse than failing.
 * Respects backpressure; does not end `output` (the caller decides what to do with it).
 */
export async function writeEvidenceArchive(
  manifest: AnyEvidenceManifest,
  open: EvidenceFileOpener,
  output: Writable,
): Promise<{ manifestSha256: string; bytes: number }> {
  const mtime = new Date(manifest.exportedAt);
  let bytes = 0;
  const write = async (chunk: Buffer) => {
    if (chunk.length === 0) return;
    bytes += chunk.length;
    if (!output.write(chunk)) await waitForDrain(output);
  };
  const json = manifestBytes(manifest);
  const manifestSha256 = sha256Hex(json);
  const hashLine = manifestHashLine(manifestSha256);
  for (const [path, body] of [
    [MANIFEST_PATH, json],
    [MANIFEST_HASH_PATH, hashLine],
  ] as const) {
    await write(tarHeader(path, body.length, mtime));
    await write(body);
    await write(padding(body.length));
  }
  for (const file of manifest.files) {
    await write(tarHeader(file.path, file.size, mtime));
    const source = await open(file).catch((e: unknown) => {
      throw new EvidenceFileUnavailableError(file.path, e);
    });
    await copyChecked(file, source, write);
    await write(padding(file.size));
  }
  await write(END_OF_ARCHIVE);
  return { manifestSha256, bytes };
}

async function copyChecked(file: ManifestFile, source: Readable, write: (chunk: Buffer) => Promise<void>): Promise<void> {
  const hash = createHash('sha256');
  let seen = 0;
  let held: Buffer | null = null;
  const chunks = async function* () {
    try {
      for await (const data of source) yield Buffer.isBuffer(data) ? data : Buffer.from(data as string);
    } catch (e) {
      throw new EvidenceFileUnavailableError(file.path, e);
    }
  };
  try {
    for await (const chunk of chunks()) {
      seen += chunk.length;
      if (seen > file.size) {
        throw new EvidenceFileMismatchError(
          file.path,
          'size_differs',
          `${file.path}: the stored object is longer than the ${file.size} bytes recorded`,
        );
      }
      hash.update(chunk);
      if (held) await write(held);
      held = chunk;
    }
  } finally {
    source.destroy();
  }
  if (seen !== file.size) {
    throw new EvidenceFileMismatchError(
      file.path,
      'size_differs',
      `${file.path}: the stored object has ${seen} bytes, ${file.size} were recorded`,
    );
  }
  const actual = hash.digest('hex');
  if (actual !== file.sha256) {
    throw new EvidenceFileMismatchError(
      file.path,
      'hash_differs',
      `${file.path}: the stored object's SHA-256 is ${actual}, ${file.sha256} was recorded at capture; the export was stopped`,
    );
  }
  if (held) await write(held);
}

function waitForDrain(output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      output.off('drain', onDrain);
      output.off('error', onError);
      output.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(new Error('the archive output was closed before the export finished'));
    output.once('drain', onDrain);
    output.once('error', onError);
    output.once('close', onClose);
  });
}
