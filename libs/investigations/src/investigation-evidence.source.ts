import { Injectable } from '@nestjs/common';
import type { AuditActor } from '@wardwatch/audit';
import type { EvidenceCamera, EvidencePackage, EvidencePackageFile, EvidencePackageSource, JsonObject } from '@wardwatch/evidence';
import { ObjectStore } from '@wardwatch/storage';
import { problem } from '@wardwatch/problems';
import { FootageReleaseEntity } from './footage-release.entity';
import { InvestigationAccess } from './investigation-access';
import { InvestigationsService } from './investigations.service';
import type { EvidenceClip } from './releases.service';

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
    const camera: EvidenceCamera = {
      id: cameraRow.id,
      label: cameraRow.label,
      address: cameraAddressLine(cameraRow),
      location: { latitude: Number(cameraRow.latitude), longitude: Number(cameraRow.longitude) },
    };
    const gaps = await m.query<GapRow[]>(
      `SELECT id, camera_id, reason, started_at, ended_at, detail FROM camera_gaps
        WHERE camera_id = $1 AND started_at < $3 AND COALESCE(ended_at, 'infinity') > $2
        ORDER BY started_at, id`,
      [release.cameraId, release.windowFrom, release.windowTo],
    );

    const clips = evidence.clips.filter((c) => c.camera.id === release.cameraId);
    const files: EvidencePackageFile[] = [];
    for (const clip of clips) files.push(...(await this.filesOf(clip, camera)));

    const approvals: JsonObject[] = [];
    if (request.supervisor.decision) {
      approvals.push({
        by: 'supervisor',
        decision: request.supervisor.decision,
        userId: request.supervisor.by,
        at: request.supervisor.at,
        note: request.supervisor.note,
      });
    }
    if (requestCamera) {
      approvals.push({
        by: requestCamera.sharingMode === 'auto_release' ? 'consent' : 'owner',
        cameraId: requestCamera.cameraId,
        sharingMode: requestCamera.sharingMode,
        state: requestCamera.state,
        ownerId: cameraRow.owner_id,
        at: requestCamera.decidedAt,
        note: requestCamera.note,
      });
    }

    const inv = evidence.investigation;
    return {
      investigation: {
        id: inv.id,
        caseNumber: inv.caseNumber,
        title: inv.title,
        summary: inv.summary,
        status: inv.status,
        leadOfficerId: inv.leadOfficerId,
        openedAt: inv.openedAt,
        members: inv.members.map((mb) => ({ userId: mb.userId, role: mb.role, addedBy: mb.addedBy, addedAt: mb.addedAt })),
      },
      request: {
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
      },
      approvals,
      release: {
        id: release.id,
        requestId: release.requestId,
        cameraId: release.cameraId,
        camera,
        windowFrom: release.windowFrom,
        windowTo: release.windowTo,
        releasedAt: release.releasedAt,
        expiresAt: release.expiresAt,
      },
      files,
      gaps: gaps.map((g) => ({
        id: g.id,
        cameraId: g.camera_id,
        reason: g.reason,
        startedAt: g.started_at,
        endedAt: g.ended_at,
        detail: g.detail,
      })),
    };
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
