import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const EVIDENCE_FORMAT = 'wardwatch-evidence/1';
/** First entry of every archive: what the archive should contain. */
export const MANIFEST_PATH = 'manifest.json';
/** Second entry: the manifest's SHA-256 in `sha256sum` format, so `sha256sum -c manifest.sha256` checks it too. */
export const MANIFEST_HASH_PATH = 'manifest.sha256';

export type JsonObject = Record<string, unknown>;

export interface EvidenceCamera {
  id: string;
  label: string | null;
  /** The camera's address as one line (street, house number, alley, group, ward). */
  address: string | null;
  location: { latitude: number; longitude: number } | null;
}

/** One file of the archive as the manifest describes it. */
export interface ManifestFile {
  /** Path inside the archive, e.g. `clips/<camera>/<clip>.mp4`. */
  path: string;
  sha256: string;
  size: number;
  kind: 'clip' | 'thumbnail' | 'document';
  clipId: string | null;
  camera: EvidenceCamera;
  /** The clip's true start and end (what the footage shows), ISO 8601 UTC. */
  startedAt: string | null;
  endedAt: string | null;
  /** Chain of custody at capture: ffmpeg arguments, camera clock offset, segments used. */
  provenance: JsonObject | null;
}

/** An audit entry as exported: every hashed field, so its hash can be recomputed offline. */
export interface ManifestAuditEntry {
  seq: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  cameraId: string | null;
  investigationId: string | null;
  details: JsonObject;
  prevHash: string;
  hash: string;
}

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  exportedAt: string;
  exporter: { userId: string | null; role: string };
  investigation: JsonObject | null;
  request: JsonObject | null;
  approvals: JsonObject[];
  release: JsonObject | null;
  files: ManifestFile[];
  /** Times the cameras were not recording (offline, subscription or stream lost) around the footage. */
  gaps: JsonObject[];
  /** Audit entries of the chain of custody (the investigation's and the clips'), in chain order. */
  custody: ManifestAuditEntry[];
  /** The audit chain's head when the archive was made: compare it with the live chain or an anchor. */
  auditHead: { seq: string; hash: string } | null;
}

/** The exact bytes of manifest.json: RFC 8785 canonical JSON, so anyone can re-derive its hash. */
export function manifestBytes(manifest: EvidenceManifest): Buffer {
  // Through JSON first: Dates become strings and undefined keys disappear, as a reader will see them.
  const text = canonicalize(JSON.parse(JSON.stringify(manifest)));
  if (text === undefined) throw new Error('the evidence manifest could not be serialised');
  return Buffer.from(text, 'utf8');
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** manifest.sha256: one `sha256sum` line. */
export function manifestHashLine(manifestSha256: string): Buffer {
  return Buffer.from(`${manifestSha256}  ${MANIFEST_PATH}\n`, 'ascii');
}
