import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** One release (one camera of one request): the format of the single-release export, unchanged since it shipped. */
export const EVIDENCE_FORMAT = 'wardwatch-evidence/1';
/**
 * A whole investigation: every live release, request and approval of the case in one archive.
 * A new format rather than /1 with extra fields: /1 readers take `request` and `release` as the
 * one release the archive holds, and a /1 manifest with several would be misread, not refused.
 */
export const CASE_EVIDENCE_FORMAT = 'wardwatch-evidence/2';
export const EVIDENCE_FORMATS = [EVIDENCE_FORMAT, CASE_EVIDENCE_FORMAT] as const;
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

/** One file of a case archive: as in /1, plus the releases that cover it (a clip two releases cover is stored once). */
export interface CaseManifestFile extends ManifestFile {
  releaseIds: string[];
}

/**
 * `wardwatch-evidence/2`: the manifest of a whole investigation's export. The same fields as /1
 * where they mean the same (files, gaps, custody, auditHead); `releases`, `requests` and
 * `approvals` list every one the archive covers (each approval names its `requestId`, each
 * release its `requestId`, `cameraId` and the archive paths it covers).
 */
export interface CaseEvidenceManifest {
  format: typeof CASE_EVIDENCE_FORMAT;
  exportedAt: string;
  exporter: { userId: string | null; role: string };
  investigation: JsonObject & { id: string };
  releases: (JsonObject & { id: string; requestId: string; cameraId: string; files: string[] })[];
  requests: (JsonObject & { id: string })[];
  approvals: JsonObject[];
  files: CaseManifestFile[];
  gaps: JsonObject[];
  custody: ManifestAuditEntry[];
  auditHead: { seq: string; hash: string } | null;
}

/** Either format: what the writer and the verifier handle alike. */
export type AnyEvidenceManifest = EvidenceManifest | CaseEvidenceManifest;

/** The exact bytes of manifest.json: RFC 8785 canonical JSON, so anyone can re-derive its hash. */
export function manifestBytes(manifest: AnyEvidenceManifest): Buffer {
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
