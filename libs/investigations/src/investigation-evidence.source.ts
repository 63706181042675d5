import { Injectable } from '@nestjs/common';
import type { AuditActor } from '@wardwatch/audit';
import type {
  CaseEvidencePackage,
  EvidenceCamera,
  EvidencePackage,
  EvidencePackageFile,
  EvidencePackageSource,
  JsonObject,
} from '@wardwatch/evidence';
import { ObjectStore } from '@wardwatch/storage';
import { problem } from '@wardwatch/problems';
import { FootageReleaseEntity } from './footage-release.entity';
import { InvestigationAccess } from './investigation-access';
import { InvestigationsService } from './investigations.service';
import { releaseCoversClipSql, type EvidenceClip } from './releases.service';

interface CameraRow {
  id: string;
  label: string;
  street: string;
  house_number: string;
  alley: string | null;
  residential_group: string | null;
  ward_name: string | null;
  latitude: number;
  longitude: number;
  owner_id: string;
}

interface GapRow {
  id: string;
  camera_id: string;
  reason: string;
  started_at: Date;
  ended_at: Date | null;
  detail: string | null;
}

/** "12 Hoàng Văn Thái, ngõ 5, tổ 3, An Bình": the address as one line, the parts it has. */
export function cameraAddressLine(c: Pick<CameraRow, 'street' | 'house_number' | 'alley' | 'residential_group' | 'ward_name'>): string {
  return [`${c.house_number} ${c.street}`.trim(), c.alley, c.residential_group, c.ward_name].filter((p) => p && p.length > 0).join(', ');
}

/**
 * The evidence export's content for one release (one camera of one request): only members of its
 * investigation may export it, and only while it is live. The package holds the stored clips the
 * release covers (and their thumbnails) with the hashes recorded at capture, the request with its
 * supervisor and owner decisions, the camera and where it is, and the camera's gaps in the window.
 */
@Injectable()
export class InvestigationEvidenceSource implements EvidencePackageSource {
  constructor(
    private readonly access: InvestigationAccess,
    private readonly investigations: InvestigationsService,
    private readonly store: ObjectStore,
  ) {}

  async packageForRelease(releaseId: string, requester: AuditActor & { userId: string }): Promise<EvidencePackage> {
    const m = this.access.manager;
    const release = await m.getRepository(FootageReleaseEntity).findOne({ where: { id: releaseId } });
    if (!release) throw problem('release.not_found', `release ${releaseId} does not exist`);
    const investigation = await this.access.load(release.investigationId);
    if (!(await this.access.isMember(investigation.id, requester.userId))) {
      throw problem(
        'investigation.not_member',
        `you are not a member of investigation ${investigation.caseNumber}; ask its lead officer to add you`,
      );
    }
    if (release.revokedAt) {
      throw problem(
        'release.not_available',
        `release ${releaseId} was revoked at ${release.revokedAt.toISOString()}: it can no longer be exported`,
      );
    }
    if (release.expiresAt.getTime() <= Date.now()) {
      throw problem(
        'release.not_available',
        `release ${releaseId} expired at ${release.expiresAt.toISOString()}: it can no longer be exported`,
      );
    }

    const evidence = await this.investigations.evidence(release.investigationId, release.requestId);
    const request = evidence.requests[0];
    const requestCamera = request.cameras.find((c) => c.cameraId === release.cameraId) ?? null;
    const [cameraRow] = await m.query<CameraRow[]>(
      `SELECT c.id, c.label, c.street, c.house_number, c.alley, c.residential_group, w.name AS ward_name, c.latitude, c.longitude, c.owner_id
         FROM cameras c LEFT JOIN wards w ON w.id = c.ward_id WHERE c.id = $1`,
      [release.cameraId],
    );
    const camera = evidenceCamera(cameraRow);
    const gaps = await this.gapsOf(release.cameraId, release.windowFrom, release.windowTo);

    const clips = evidence.clips.filter((c) => c.camera.id === release.cameraId);
    const files = (await inOrder(clips, STORE_LOOKUPS_AT_ONCE, (clip) => this.filesOf(clip, camera))).flat();

    const approvals: JsonObject[] = [];
    if (request.supervisor.decision) approvals.push(supervisorApproval(request));
    if (requestCamera) approvals.push(cameraApproval(requestCamera, cameraRow.owner_id));

    return {
      investigation: investigationRecord(evidence.investigation),
      request: requestRecord(request),
      approvals,
      release: { ...releaseRecord(release), camera },
      files,
      gaps: gaps.map(gapRecord),
    };
  }

  /**
   * The whole investigation: every live release (not revoked, not expired) with its request and
   * approvals, the stored clips they cover (each once, naming every release that covers it) with
   * their thumbnails, the cameras, and each camera's gaps within its releases' windows.
   */
  async packageForInvestigation(investigationId: string, requester: AuditActor & { userId: string }): Promise<CaseEvidencePackage> {
    const m = this.access.manager;
    const investigation = await this.access.load(investigationId);
    if (!(await this.access.isMember(investigation.id, requester.userId))) {
      throw problem(
        'investigation.not_member',
        `you are not a member of investigation ${investigation.caseNumber}; ask its lead officer to add you`,
      );
    }
    const releases = await m
      .getRepository(FootageReleaseEntity)
      .createQueryBuilder('r')
      .where('r.investigationId = :id AND r.revokedAt IS NULL AND r.expiresAt > now()', { id: investigation.id })
      .orderBy('r.releasedAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    if (releases.length === 0) {
      throw problem(
        'investigation.nothing_released',
        `investigation ${investigation.caseNumber} has no live release yet: nothing can be exported until a footage request is approved and released`,
      );
    }

    const evidence = await this.investigations.evidence(investigation.id, undefined, null);
    const liveRequestIds = new Set(releases.map((r) => r.requestId));
    const requests = evidence.requests.filter((r) => liveRequestIds.has(r.id));
    // Which live releases cover each clip: the clip is exported once and names them all.
    const coverage = await m.query<{ release_id: string; clip_id: string }[]>(
      `SELECT r.id AS release_id, c.id AS clip_id
         FROM footage_releases r JOIN clips c ON ${releaseCoversClipSql('r', 'c')}
        WHERE r.investigation_id = $1 AND c.status = 'stored' AND c.object_key IS NOT NULL
        ORDER BY r.released_at, r.id`,
      [investigation.id],
    );
    const releasesOfClip = new Map<string, string[]>();
    for (const row of coverage) releasesOfClip.set(row.clip_id, [...(releasesOfClip.get(row.clip_id) ?? []), row.release_id]);

    const cameraIds = [...new Set(releases.map((r) => r.cameraId))];
    const cameraRows = await m.query<CameraRow[]>(
      `SELECT c.id, c.label, c.street, c.house_number, c.alley, c.residential_group, w.name AS ward_name, c.latitude, c.longitude, c.owner_id
         FROM cameras c LEFT JOIN wards w ON w.id = c.ward_id WHERE c.id = ANY($1::uuid[])`,
      [cameraIds],
    );
    const cameraRowOf = new Map(cameraRows.map((c) => [c.id, c]));
    const cameras = new Map(cameraRows.map((c) => [c.id, evidenceCamera(c)]));

    const exported = evidence.clips.flatMap((clip) => {
      const releaseIds = releasesOfClip.get(clip.clipId);
      const camera = cameras.get(clip.camera.id);
      return releaseIds && camera ? [{ clip, camera, releaseIds }] : [];
    });
    const files: CaseEvidencePackage['files'] = (
      await inOrder(exported, STORE_LOOKUPS_AT_ONCE, async ({ clip, camera, releaseIds }) =>
        (await this.filesOf(clip, camera)).map((f) => ({ ...f, releaseIds })),
      )
    ).flat();

    const gapRows = new Map<string, GapRow>();
    for (const r of releases) {
      for (const g of await this.gapsOf(r.cameraId, r.windowFrom, r.windowTo)) gapRows.set(g.id, g);
    }

    const approvals: JsonObject[] = [];
    for (const request of requests) {
      if (request.supervisor.decision) approvals.push({ requestId: request.id, ...supervisorApproval(request) });
      for (const r of releases.filter((rel) => rel.requestId === request.id)) {
        const requestCamera = request.cameras.find((c) => c.cameraId === r.cameraId);
        if (requestCamera)
          approvals.push({ requestId: request.id, ...cameraApproval(requestCamera, cameraRowOf.get(r.cameraId)!.owner_id) });
      }
    }

    return {
      investigation: investigationRecord(evidence.investigation),
      releases: releases.map((r) => ({ ...releaseRecord(r), camera: cameras.get(r.cameraId)! })),
      requests: requests.map(requestRecord),
      approvals,
      files,
      gaps: [...gapRows.values()]
        .sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || a.id.localeCompare(b.id))
        .map(gapRecord),
    };
  }

  private gapsOf(cameraId: string, from: Date, to: Date): Promise<GapRow[]> {
    return this.access.manager.query<GapRow[]>(
      `SELECT id, camera_id, reason, started_at, ended_at, detail FROM camera_gaps
        WHERE camera_id = $1 AND started_at < $3 AND COALESCE(ended_at, 'infinity') > $2
        ORDER BY started_at, id`,
      [cameraId, from, to],
    );
  }

  private async filesOf(clip: EvidenceClip, camera: EvidenceCamera): Promise<EvidencePackageFile[]> {
    const base = `clips/${camera.id}/${clip.clipId}`;
    const common = { clipId: clip.clipId, camera, startedAt: clip.startedAt, endedAt: clip.endedAt };
    const files: EvidencePackageFile[] = [
      {
        ...common,
        path: `${base}.mp4`,
        objectKey: clip.objectKey,
        sha256: clip.sha256 ?? '',
        size: clip.sizeBytes ?? 0,
        kind: 'clip',
        provenance: {
          ...(clip.provenance ?? {}),
          requestedFrom: clip.requestedFrom,
          requestedTo: clip.requestedTo,
          storedAt: clip.storedAt,
        },
      },
    ];
    // The thumbnail's size is not recorded with the clip: take it from the store (its hash is still checked against the recorded one).
    const thumbnail = clip.thumbnailKey && clip.thumbnailSha256 ? await this.store.stat(clip.thumbnailKey) : null;
    if (thumbnail && clip.thumbnailSha256) {
      files.push({
        ...common,
        path: `${base}.jpg`,
        objectKey: thumbnail.key,
        sha256: clip.thumbnailSha256,
        size: thumbnail.size,
        kind: 'thumbnail',
      });
    }
    return files;
  }
}

/**
 * Thumbnail sizes come from the store, one request per clip: a case with thousands of clips waited
 * for them one after another before its first byte. A few at a time keeps the store unhurried.
 */
const STORE_LOOKUPS_AT_ONCE = 8;

/** `fn` over `items` with at most `limit` running at once; results in the items' order. */
async function inOrder<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

type InvestigationEvidence = Awaited<ReturnType<InvestigationsService['evidence']>>;
type RequestRecord = InvestigationEvidence['requests'][number];

function evidenceCamera(c: CameraRow): EvidenceCamera {
  return {
    id: c.id,
    label: c.label,
    address: cameraAddressLine(c),
    location: { latitude: Number(c.latitude), longitude: Number(c.longitude) },
  };
}

function investigationRecord(inv: InvestigationEvidence['investigation']) {
  return {
    id: inv.id,
    caseNumber: inv.caseNumber,
    title: inv.title,
    summary: inv.summary,
    status: inv.status,
    leadOfficerId: inv.leadOfficerId,
    openedAt: inv.openedAt,
    members: inv.members.map((mb) => ({ userId: mb.userId, role: mb.role, addedBy: mb.addedBy, addedAt: mb.addedAt })),
  };
}

function requestRecord(request: RequestRecord) {
  return {
    id: request.id,
    state: request.state,
    windowFrom: request.windowFrom,
    windowTo: request.windowTo,
    reason: request.reason,
    legalBasis: request.legalBasis,
    requestedBy: request.requestedBy,
    createdAt: request.createdAt,
    settledAt: request.settledAt,
    cameras: request.cameras.map((c) => ({ cameraId: c.cameraId, state: c.state, decidedAt: c.decidedAt, note: c.note })),
  };
}

function releaseRecord(release: FootageReleaseEntity) {
  return {
    id: release.id,
    requestId: release.requestId,
    cameraId: release.cameraId,
    windowFrom: release.windowFrom,
    windowTo: release.windowTo,
    releasedAt: release.releasedAt,
    expiresAt: release.expiresAt,
  };
}

function supervisorApproval(request: RequestRecord): JsonObject {
  return {
    by: 'supervisor',
    decision: request.supervisor.decision,
    userId: request.supervisor.by,
    at: request.supervisor.at,
    note: request.supervisor.note,
  };
}

function cameraApproval(requestCamera: RequestRecord['cameras'][number], ownerId: string): JsonObject {
  return {
    by: requestCamera.sharingMode === 'auto_release' ? 'consent' : 'owner',
    cameraId: requestCamera.cameraId,
    sharingMode: requestCamera.sharingMode,
    state: requestCamera.state,
    ownerId,
    at: requestCamera.decidedAt,
    note: requestCamera.note,
  };
}

function gapRecord(g: GapRow): JsonObject {
  return { id: g.id, cameraId: g.camera_id, reason: g.reason, startedAt: g.started_at, endedAt: g.ended_at, detail: g.detail };
}
