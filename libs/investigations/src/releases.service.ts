import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService, type AuditActor } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { LegalHoldService } from '@wardwatch/footage';
import { NotificationsService } from '@wardwatch/notifications';
import { problem } from '@wardwatch/problems';
import { FootageReleaseEntity } from './footage-release.entity';
import type { FootageRequestCameraEntity } from './footage-request-camera.entity';
import type { FootageRequestEntity } from './footage-request.entity';
import { InvestigationAccess } from './investigation-access';
import type { InvestigationEntity } from './investigation.entity';
import { releaseRevoked } from './request-notices';

/** Why a camera's footage was released: its owner approved, or its consent releases without asking. */
export type ReleaseBasis = 'owner_approved' | 'auto_release';

/**
 * SQL condition "release `r` is live and covers clip `c`": not revoked, not expired, same camera,
 * and the windows overlap (a clip still growing counts as open-ended).
 */
export function releaseCoversClipSql(r: string, c: string): string {
  return `${r}.camera_id = ${c}.camera_id AND ${r}.revoked_at IS NULL AND ${r}.expires_at > now()
    AND ${r}.window_from < COALESCE(${c}.ended_at, ${c}.requested_to, 'infinity')
    AND ${r}.window_to > COALESCE(${c}.started_at, ${c}.requested_from)`;
}

export interface ReleasedClipView {
  clipId: string;
  camera: { id: string; label: string; street: string; houseNumber: string; alley: string | null; latitude: number; longitude: number };
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  hasThumbnail: boolean;
  release: { id: string; requestId: string; releasedAt: Date; expiresAt: Date };
}

/** A release after a supervisor revoked it. */
export interface RevokedRelease {
  id: string;
  requestId: string;
  investigationId: string;
  cameraId: string;
  expiresAt: Date;
  revokedAt: Date;
  revokedBy: string;
  revokeReason: string;
}

/** What the evidence export needs: each released clip with its camera, place, times, hashes and keys. */
export interface EvidenceClip extends ReleasedClipView {
  objectKey: string;
  thumbnailKey: string | null;
  thumbnailSha256: string | null;
  requestedFrom: Date;
  requestedTo: Date | null;
  storedAt: Date | null;
  provenance: Record<string, unknown> | null;
  camera: ReleasedClipView['camera'] & { wardId: string; ownerId: string };
}

/** Where a page of released clips ends. */
export interface ReleasedClipKey {
  at: Date;
  clipId: string;
}

interface ReleasedClipRow {
  clip_id: string;
  camera_id: string;
  label: string;
  street: string;
  house_number: string;
  alley: string | null;
  latitude: number;
  longitude: number;
  ward_id: string;
  owner_id: string;
  started_at: Date | null;
  /** The list's sort key: when the clip starts (or was asked to). */
  sort_at: Date;
  ended_at: Date | null;
  requested_from: Date;
  requested_to: Date | null;
  duration_ms: number | null;
  size_bytes: string | null;
  sha256: string | null;
  thumbnail_sha256: string | null;
  object_key: string;
  thumbnail_key: string | null;
  stored_at: Date | null;
  provenance: Record<string, unknown> | null;
  release_id: string;
  request_id: string;
  released_at: Date;
  release_expires_at: Date;
}

const RELEASED_CLIPS_LIMIT = 2000;

/**
 * Releases: created when a request's camera is approved (owner or auto-release), each with a
 * release legal hold over the camera's window, ended by expiry or by closing the investigation.
 * Footage leaves only through links (ClipLinksService), each audited.
 */
@Injectable()
export class ReleasesService {
  constructor(
    private readonly access: InvestigationAccess,
    private readonly holds: LegalHoldService,
    private readonly audit: AuditService,
    private readonly config: ApiConfig,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Releases one camera of a request inside the caller's transaction: a release hold replaces the
   * preservation hold (placed first, so the window is never unheld), the release row, the audit entry.
   */
  async release(
    m: EntityManager,
    investigation: InvestigationEntity,
    request: FootageRequestEntity,
    camera: FootageRequestCameraEntity,
    actor: AuditActor,
    basis: ReleaseBasis,
  ): Promise<FootageReleaseEntity> {
    const releasedAt = new Date();
    const expiresAt = new Date(releasedAt.getTime() + this.config.RELEASE_TTL_DAYS * 86_400_000);
    const hold = await this.holds.place(
      {
        cameraId: camera.cameraId,
        from: request.windowFrom,
        until: request.windowTo,
        kind: 'release',
        reason: `released to investigation ${investigation.caseNumber} until ${expiresAt.toISOString()}`,
        investigationId: investigation.id,
        footageRequestId: request.id,
      },
      actor,
      m,
    );
    const repo = m.getRepository(FootageReleaseEntity);
    const release = await repo.save(
      repo.create({
        requestId: request.id,
        investigationId: investigation.id,
        cameraId: camera.cameraId,
        windowFrom: request.windowFrom,
        windowTo: request.windowTo,
        releasedAt,
        expiresAt,
        holdId: hold.id,
      }),
    );
    await this.holds.lift(camera.preservationHoldId, actor, 'replaced by the release hold', m);
    await this.audit.record(
      {
        actor,
        action: 'footage.released',
        subject: { type: 'footage_release', id: release.id },
        cameraId: camera.cameraId,
        investigationId: investigation.id,
        details: {
          requestId: request.id,
          basis,
          windowFrom: request.windowFrom.toISOString(),
          windowTo: request.windowTo.toISOString(),
          expiresAt: expiresAt.toISOString(),
          holdId: hold.id,
        },
      },
      m,
    );
    return release;
  }

  /**
   * Ends every live release of an investigation (it is being closed); the caller lifts the
   * investigation's holds, theirs among them, in the same transaction.
   */
  async revokeAllFor(m: EntityManager, investigation: InvestigationEntity, actor: AuditActor, reason: string): Promise<number> {
    const releases = await m
      .getRepository(FootageReleaseEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.investigation_id = :id AND r.revoked_at IS NULL', { id: investigation.id })
      .getMany();
    for (const release of releases) await this.markRevoked(m, release, actor, reason);
    return releases.length;
  }

  /**
   * A supervisor ends one live release before it expires: nobody gets a new link through it, its
   * release hold lifts (as when a release expires, so retention applies again unless another hold
   * covers the footage), and the investigation's lead is told, all in one transaction with the
   * audit entries. Any supervisor may revoke, the one who filed the request included: revoking only
   * takes access away, so it needs no second pair of eyes.
   */
  async revoke(user: Principal, releaseId: string, reason: string): Promise<RevokedRelease> {
    const actor: AuditActor = { userId: user.userId, role: user.role };
    return this.access.transaction(async (m) => {
      const found = await m
        .getRepository(FootageReleaseEntity)
        .findOne({ select: { id: true, investigationId: true }, where: { id: releaseId } });
      if (!found) throw problem('release.not_found', `release ${releaseId} does not exist`);
      // The order closing an investigation locks in (investigation, then its releases): no deadlock.
      const investigation = await this.access.load(found.investigationId, m, 'share');
      const release = await m
        .getRepository(FootageReleaseEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :releaseId', { releaseId })
        .getOneOrFail();
      if (release.revokedAt) {
        throw problem(
          'release.ended',
          `release ${releaseId} was already revoked at ${release.revokedAt.toISOString()}${release.revokeReason ? ` (${release.revokeReason})` : ''}`,
        );
      }
      if (release.expiresAt.getTime() <= Date.now()) {
        throw problem(
          'release.ended',
          `release ${releaseId} expired at ${release.expiresAt.toISOString()}; nothing can be fetched through it`,
        );
      }
      await this.markRevoked(m, release, actor, reason);
      const [hold] = await m.query<{ lifted_at: Date | null }[]>(`SELECT lifted_at FROM legal_holds WHERE id = $1 FOR UPDATE`, [
        release.holdId,
      ]);
      if (hold && !hold.lifted_at) await this.holds.lift(release.holdId, actor, `the release was revoked: ${reason}`.slice(0, 1000), m);
      await this.notifications.notify(m, [releaseRevoked(investigation, release, reason)]);
      return {
        id: release.id,
        requestId: release.requestId,
        investigationId: release.investigationId,
        cameraId: release.cameraId,
        expiresAt: release.expiresAt,
        revokedAt: release.revokedAt!,
        revokedBy: release.revokedBy!,
        revokeReason: reason,
      };
    });
  }

  private async markRevoked(m: EntityManager, release: FootageReleaseEntity, actor: AuditActor, reason: string): Promise<void> {
    release.revokedAt = new Date();
    release.revokedBy = actor.userId;
    release.revokeReason = reason;
    await m.getRepository(FootageReleaseEntity).save(release);
    await this.audit.record(
      {
        actor,
        action: 'footage.release_revoked',
        subject: { type: 'footage_release', id: release.id },
        cameraId: release.cameraId,
        investigationId: release.investigationId,
        details: { reason, requestId: release.requestId, holdId: release.holdId },
      },
      m,
    );
  }

  /**
   * Released clips a member may fetch now (live releases only), oldest first, a keyset page after
   * the previous page's last clip (`next`: its start and id).
   */
  async releasedClips(
    user: Principal,
    investigationId: string,
    page: { requestId?: string; after: ReleasedClipKey | null; limit: number },
  ): Promise<{ items: ReleasedClipView[]; next: ReleasedClipKey | null }> {
    const investigation = await this.access.load(investigationId);
    await this.access.assertMember(investigation, user);
    const rows = await this.releasedClipRows(this.access.manager, investigationId, page.requestId, {
      after: page.after,
      limit: page.limit + 1,
    });
    const items = rows.slice(0, page.limit);
    const last = rows.length > page.limit ? items[items.length - 1] : undefined;
    return { items: items.map((row) => this.clipView(row)), next: last ? { at: last.sort_at, clipId: last.clip_id } : null };
  }

  /** Released clips with everything the evidence export records (no access check: the caller has done it). */
  async evidenceClips(
    m: EntityManager,
    investigationId: string,
    requestId?: string,
    limit: number | null = RELEASED_CLIPS_LIMIT,
  ): Promise<EvidenceClip[]> {
    return (await this.releasedClipRows(m, investigationId, requestId, { after: null, limit })).map((row) => ({
      ...this.clipView(row),
      camera: { ...this.clipView(row).camera, wardId: row.ward_id, ownerId: row.owner_id },
      objectKey: row.object_key,
      thumbnailKey: row.thumbnail_key,
      thumbnailSha256: row.thumbnail_sha256,
      requestedFrom: row.requested_from,
      requestedTo: row.requested_to,
      storedAt: row.stored_at,
      provenance: row.provenance,
    }));
  }

  private releasedClipRows(
    m: EntityManager,
    investigationId: string,
    requestId?: string,
    // limit null: every clip (LIMIT NULL is no limit), for the whole-investigation export.
    page: { after: ReleasedClipKey | null; limit: number | null } = { after: null, limit: RELEASED_CLIPS_LIMIT },
  ): Promise<ReleasedClipRow[]> {
    // A clip covered by two releases (two requests) is listed once, with the release that lasts longest.
    return m.query<ReleasedClipRow[]>(
      `SELECT * FROM (
         SELECT DISTINCT ON (c.id)
                c.id AS clip_id, c.camera_id, cam.label, cam.street, cam.house_number, cam.alley, cam.latitude, cam.longitude,
                cam.ward_id, cam.owner_id, c.started_at, c.ended_at, c.requested_from, c.requested_to, c.duration_ms,
                c.size_bytes, c.sha256, c.thumbnail_sha256, c.object_key, c.thumbnail_key, c.stored_at, c.provenance,
                r.id AS release_id, r.request_id, r.released_at, r.expires_at AS release_expires_at,
                COALESCE(c.started_at, c.requested_from) AS sort_at
           FROM footage_releases r
           JOIN clips c ON ${releaseCoversClipSql('r', 'c')}
           JOIN cameras cam ON cam.id = c.camera_id
          WHERE r.investigation_id = $1 AND ($2::uuid IS NULL OR r.request_id = $2) AND c.status = 'stored' AND c.object_key IS NOT NULL
          ORDER BY c.id, r.expires_at DESC
       ) released
       WHERE $3::timestamptz IS NULL OR (sort_at, clip_id) > ($3::timestamptz, $4::uuid)
       ORDER BY sort_at, clip_id
       LIMIT $5`,
      [investigationId, requestId ?? null, page.after?.at ?? null, page.after?.clipId ?? null, page.limit],
    );
  }

  private clipView(row: ReleasedClipRow): ReleasedClipView {
    return {
      clipId: row.clip_id,
      camera: {
        id: row.camera_id,
        label: row.label,
        street: row.street,
        houseNumber: row.house_number,
        alley: row.alley,
        latitude: row.latitude,
        longitude: row.longitude,
      },
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: row.duration_ms,
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
      sha256: row.sha256,
      hasThumbnail: row.thumbnail_key !== null,
      release: { id: row.release_id, requestId: row.request_id, releasedAt: row.released_at, expiresAt: row.release_expires_at },
    };
  }
}
