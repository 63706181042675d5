import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuditService, type AuditActor, type AuditEntryEntity } from '@wardwatch/audit';
import { ObjectStore } from '@wardwatch/storage';
import { evidenceArchiveSize, writeEvidenceArchive } from './evidence-archive.writer';
import {
  CASE_EVIDENCE_FORMAT,
  EVIDENCE_FORMAT,
  type AnyEvidenceManifest,
  type CaseEvidenceManifest,
  type EvidenceCamera,
  type EvidenceManifest,
  type JsonObject,
  type ManifestAuditEntry,
  type ManifestFile,
  manifestBytes,
  sha256Hex,
} from './evidence-manifest';
import { checkArchivePath } from './tar';

/** One stored object to include, with what was recorded about it at capture. */
export interface EvidencePackageFile {
  /** Path inside the archive, e.g. `clips/<camera id>/<clip id>.mp4`. */
  path: string;
  objectKey: string;
  /** The SHA-256 and size recorded when the object was stored: the export checks the bytes against them. */
  sha256: string;
  size: number;
  kind: ManifestFile['kind'];
  clipId: string | null;
  camera: EvidenceCamera;
  startedAt: Date | null;
  endedAt: Date | null;
  provenance?: JsonObject | null;
}

/**
 * Everything an export needs, as plain data, so that whoever owns releases (the investigations
 * module) can build it without this module knowing their tables: the released files and the
 * request, approvals and release records as they should appear in the manifest.
 */
export interface EvidencePackage {
  investigation: (JsonObject & { id: string }) | null;
  request: (JsonObject & { id: string }) | null;
  approvals: JsonObject[];
  release: (JsonObject & { id: string }) | null;
  files: EvidencePackageFile[];
  gaps: JsonObject[];
}

/**
 * A whole investigation's content: every live release with its request and approvals, and the
 * files they cover, each file once (a clip two releases cover names both in `releaseIds`).
 */
export interface CaseEvidencePackage {
  investigation: JsonObject & { id: string; caseNumber: string };
  releases: (JsonObject & { id: string; requestId: string; cameraId: string })[];
  requests: (JsonObject & { id: string })[];
  approvals: JsonObject[];
  files: (EvidencePackageFile & { releaseIds: string[] })[];
  gaps: JsonObject[];
}

/** An export ready to stream: its manifest and exact size are known before the first byte. */
export interface PreparedEvidenceExport<M extends AnyEvidenceManifest = EvidenceManifest> {
  manifest: M;
  /** Exact archive length in bytes (Content-Length). */
  size: number;
  /** Suggested download name. */
  fileName: string;
  /**
   * Records `evidence.export_started` (the manifest's SHA-256 and every file's) and only then
   * streams the archive into `output` (not ended); records `evidence.exported` or
   * `evidence.export_failed` at the end. If the first entry cannot be written, not a byte is written.
   */
  writeTo(output: Writable): Promise<{ manifestSha256: string; bytes: number }>;
}

const toManifestEntry = (e: AuditEntryEntity): ManifestAuditEntry => ({
  seq: e.seq,
  at: e.at.toISOString(),
  actorId: e.actorId,
  actorRole: e.actorRole,
  action: e.action,
  subjectType: e.subjectType,
  subjectId: e.subjectId,
  cameraId: e.cameraId,
  investigationId: e.investigationId,
  details: e.details,
  prevHash: e.prevHash,
  hash: e.hash,
});

/**
 * Builds evidence archives from stored footage. The manifest carries the chain of custody (the
 * audit entries of the investigation, its request and release, and its clips) up to the audit
 * head read at export, and that head; the export itself is audited with the manifest's SHA-256,
 * so a copy of the archive can later be tied to the export that produced it.
 */
@Injectable()
export class EvidenceExportService {
  constructor(
    private readonly store: ObjectStore,
    private readonly audit: AuditService,
  ) {}

  /** One release: a `wardwatch-evidence/1` archive. */
  async prepare(pkg: EvidencePackage, exporter: AuditActor, now = new Date()): Promise<PreparedEvidenceExport> {
    checkFiles(pkg.files);
    const investigationId = pkg.investigation?.id ?? null;
    const subjectIds = [pkg.request?.id, pkg.release?.id, ...pkg.files.map((f) => f.clipId)].filter(
      (id): id is string => typeof id === 'string',
    );
    const { head, custody } = await this.custodyOf(investigationId, subjectIds);
    const manifest: EvidenceManifest = {
      format: EVIDENCE_FORMAT,
      exportedAt: now.toISOString(),
      exporter: { userId: exporter.userId, role: exporter.role },
      investigation: pkg.investigation,
      request: pkg.request,
      approvals: pkg.approvals,
      release: pkg.release,
      files: pkg.files.map(manifestFile),
      gaps: pkg.gaps,
      custody,
      auditHead: head,
    };
    const stamp = manifest.exportedAt.replace(/[:.]/g, '-');
    return this.ready(manifest, pkg.files, exporter, {
      investigationId,
      subjectId: pkg.release?.id ?? investigationId,
      fileName: `evidence-${investigationId ?? 'package'}-${stamp}.tar`,
      details: {},
    });
  }

  /**
   * A whole investigation: a `wardwatch-evidence/2` archive of every live release. The file is
   * named after the case and the export's date in `timeZone` (the ward's):
   * `<caseNumber>-evidence-<YYYY-MM-DD>.tar`.
   */
  async prepareCase(
    pkg: CaseEvidencePackage,
    exporter: AuditActor,
    options: { timeZone: string; now?: Date },
  ): Promise<PreparedEvidenceExport<CaseEvidenceManifest>> {
    checkFiles(pkg.files);
    const now = options.now ?? new Date();
    const releaseIds = new Set(pkg.releases.map((r) => r.id));
    for (const f of pkg.files) {
      if (f.releaseIds.length === 0 || f.releaseIds.some((id) => !releaseIds.has(id)))
        throw new Error(`evidence package: ${f.path} must name the releases (of this package) that cover it`);
    }
    const subjectIds = [...pkg.requests.map((r) => r.id), ...pkg.releases.map((r) => r.id), ...pkg.files.map((f) => f.clipId)].filter(
      (id): id is string => typeof id === 'string',
    );
    const { head, custody } = await this.custodyOf(pkg.investigation.id, subjectIds);
    const manifest: CaseEvidenceManifest = {
      format: CASE_EVIDENCE_FORMAT,
      exportedAt: now.toISOString(),
      exporter: { userId: exporter.userId, role: exporter.role },
      investigation: pkg.investigation,
      releases: pkg.releases.map((r) => ({ ...r, files: pkg.files.filter((f) => f.releaseIds.includes(r.id)).map((f) => f.path) })),
      requests: pkg.requests,
      approvals: pkg.approvals,
      files: pkg.files.map((f) => ({ ...manifestFile(f), releaseIds: [...f.releaseIds] })),
      gaps: pkg.gaps,
      custody,
      auditHead: head,
    };
    return this.ready(manifest, pkg.files, exporter, {
      investigationId: pkg.investigation.id,
      subjectId: pkg.investigation.id,
      fileName: caseArchiveName(pkg.investigation.caseNumber, now, options.timeZone),
      details: {
        format: CASE_EVIDENCE_FORMAT,
        releases: pkg.releases.map((r) => ({ id: r.id, requestId: r.requestId, cameraId: r.cameraId })),
      },
    });
  }

  /** The chain of custody up to the head read now: the investigation's entries and its subjects' (requests, releases, clips). */
  private async custodyOf(investigationId: string | null, subjectIds: string[]) {
    const head = await this.audit.head();
    const custody = head ? await this.audit.custody({ investigationId, subjectIds }, head.seq) : [];
    return { head, custody: custody.map(toManifestEntry) };
  }

  private ready<M extends AnyEvidenceManifest>(
    manifest: M,
    files: readonly EvidencePackageFile[],
    exporter: AuditActor,
    at: { investigationId: string | null; subjectId: string | null; fileName: string; details: JsonObject },
  ): PreparedEvidenceExport<M> {
    const keys = new Map(files.map((f) => [f.path, f.objectKey]));
    const { investigationId } = at;
    const head = manifest.auditHead;
    // Each camera whose footage is in the package: its owner's access log shows the export.
    const cameraIds = [...new Set(manifest.files.filter((f) => f.clipId !== null).map((f) => f.camera.id))];
    const size = evidenceArchiveSize(manifest);
    return {
      manifest,
      size,
      fileName: at.fileName,
      writeTo: async (output) => {
        const subject = { type: 'evidence_export', id: at.subjectId };
        // Footage leaves only after its export is on the record (as links are audited before they are signed).
        // This one entry names every release (case exports) and every file with its clip and hash.
        await this.audit.record({
          actor: exporter,
          action: 'evidence.export_started',
          subject,
          investigationId,
          cameraIds,
          details: {
            ...at.details,
            manifestSha256: sha256Hex(manifestBytes(manifest)),
            bytes: size,
            files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256, clipId: f.clipId })),
            auditHead: head,
            exportedAt: manifest.exportedAt,
          },
        });
        try {
          const result = await writeEvidenceArchive(manifest, (file) => this.store.get(keys.get(file.path)!), output);
          await this.audit.record({
            actor: exporter,
            action: 'evidence.exported',
            subject,
            investigationId,
            cameraIds,
            details: {
              ...at.details,
              manifestSha256: result.manifestSha256,
              bytes: result.bytes,
              files: manifest.files.length,
              auditHead: head,
              exportedAt: manifest.exportedAt,
            },
          });
          return result;
        } catch (e) {
          await this.audit.record({
            actor: exporter,
            action: 'evidence.export_failed',
            subject,
            investigationId,
            cameraIds,
            details: { reason: (e as Error).message, file: (e as { path?: string }).path ?? null },
          });
          throw e;
        }
      },
    };
  }
}

function checkFiles(files: readonly EvidencePackageFile[]): void {
  const seen = new Set<string>();
  for (const f of files) {
    checkArchivePath(f.path);
    if (f.path === 'manifest.json' || f.path === 'manifest.sha256' || seen.has(f.path)) {
      throw new Error(`evidence package: the archive path ${f.path} is used twice or is reserved`);
    }
    seen.add(f.path);
    if (!/^[0-9a-f]{64}$/.test(f.sha256))
      throw new Error(`evidence package: ${f.path} has no recorded SHA-256; it cannot be exported as evidence`);
  }
}

const manifestFile = (f: EvidencePackageFile): ManifestFile => ({
  path: f.path,
  sha256: f.sha256,
  size: f.size,
  kind: f.kind,
  clipId: f.clipId,
  camera: f.camera,
  startedAt: f.startedAt?.toISOString() ?? null,
  endedAt: f.endedAt?.toISOString() ?? null,
  provenance: f.provenance ?? null,
});

/** `<caseNumber>-evidence-<YYYY-MM-DD>.tar`, the date in the ward's time zone; the case number reduced to a safe file name. */
export function caseArchiveName(caseNumber: string, at: Date, timeZone: string): string {
  // en-CA formats a date as YYYY-MM-DD.
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const safe = caseNumber
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return `${safe || 'case'}-evidence-${date}.tar`;
}
