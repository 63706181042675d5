import type { EntityManager } from 'typeorm';
import type { Notice } from '@wardwatch/notifications';
import type { FootageReleaseEntity } from './footage-release.entity';
import type { FootageRequestCameraEntity } from './footage-request-camera.entity';
import type { FootageRequestEntity } from './footage-request.entity';
import type { InvestigationEntity } from './investigation.entity';

/**
 * The notifications footage requests cause, keyed by their domain facts so that telling one twice
 * writes one: each owner once per request (naming only their own cameras), the requesting officer
 * once per owner's answer and once for the supervisor's decision.
 */
export async function ownersAsked(
  m: EntityManager,
  investigation: InvestigationEntity,
  request: FootageRequestEntity,
  asked: FootageRequestCameraEntity[],
): Promise<Notice[]> {
  if (asked.length === 0) return [];
  const labels = await m.query<{ id: string; label: string }[]>(`SELECT id, label FROM cameras WHERE id = ANY($1::uuid[]) ORDER BY label`, [
    asked.map((r) => r.cameraId),
  ]);
  const owners = [...new Set(asked.map((r) => r.ownerId))];
  return owners.map((ownerId) => {
    const own = new Set(asked.filter((r) => r.ownerId === ownerId).map((r) => r.cameraId));
    return {
      recipientId: ownerId,
      kind: 'footage_request.awaiting_owner',
      key: `footage-request-${request.id}-owner`,
      subject: { type: 'footage_request', id: request.id },
      params: {
        requestId: request.id,
        caseNumber: investigation.caseNumber,
        windowFrom: request.windowFrom.toISOString(),
        windowTo: request.windowTo.toISOString(),
        expiresAt: request.expiresAt.toISOString(),
        cameraLabels: labels.filter((l) => own.has(l.id)).map((l) => l.label),
      },
    };
  });
}

export function ownerAnswered(
  investigation: InvestigationEntity,
  request: FootageRequestEntity,
  cameraId: string,
  decision: 'approved' | 'declined',
): Notice {
  return {
    recipientId: request.requestedBy,
    kind: 'footage_request.owner_answered',
    key: `footage-request-${request.id}-camera-${cameraId}-answered`,
    subject: { type: 'footage_request', id: request.id },
    params: {
      requestId: request.id,
      investigationId: investigation.id,
      caseNumber: investigation.caseNumber,
      decision,
      answeredAt: new Date().toISOString(),
    },
  };
}

export function supervisorDecided(investigation: InvestigationEntity, request: FootageRequestEntity): Notice {
  return {
    recipientId: request.requestedBy,
    kind: 'footage_request.supervisor_decided',
    key: `footage-request-${request.id}-supervisor`,
    subject: { type: 'footage_request', id: request.id },
    params: {
      requestId: request.id,
      investigationId: investigation.id,
      caseNumber: investigation.caseNumber,
      decision: request.supervisorDecision === 'approved' ? 'approved' : 'rejected',
      decidedAt: (request.supervisorDecidedAt ?? new Date()).toISOString(),
    },
  };
}

/**
 * A request beyond the area or window limit: every active supervisor who may decide it (not the
 * requester, not a present or former member of the investigation) is told, with the justification.
 */
export async function supervisorsAsked(
  m: EntityManager,
  investigation: InvestigationEntity,
  request: FootageRequestEntity,
): Promise<Notice[]> {
  if (!request.justification || !(request.exceedsAreaLimit || request.exceedsWindowLimit)) return [];
  const supervisors = await m.query<{ id: string }[]>(
    `SELECT u.id FROM users u
      WHERE u.role = 'supervisor' AND u.status = 'active' AND u.id <> $2
        AND NOT EXISTS (SELECT 1 FROM investigation_members im WHERE im.investigation_id = $1 AND im.user_id = u.id)
      ORDER BY u.id`,
    [investigation.id, request.requestedBy],
  );
  const justification = request.justification;
  return supervisors.map(({ id }) => ({
    recipientId: id,
    kind: 'footage_request.awaiting_supervisor',
    key: `footage-request-${request.id}-supervisor-asked`,
    subject: { type: 'footage_request', id: request.id },
    params: {
      requestId: request.id,
      investigationId: investigation.id,
      caseNumber: investigation.caseNumber,
      windowFrom: request.windowFrom.toISOString(),
      windowTo: request.windowTo.toISOString(),
      areaKm2: Math.round((request.areaM2 ?? 0) / 100) / 10_000,
      exceedsArea: request.exceedsAreaLimit,
      exceedsWindow: request.exceedsWindowLimit,
      justification,
    },
  }));
}

/** A supervisor revoked one release early: the investigation's lead is told when and why (no camera or owner named). */
export function releaseRevoked(investigation: InvestigationEntity, release: FootageReleaseEntity, reason: string): Notice {
  return {
    recipientId: investigation.leadOfficerId,
    kind: 'footage.release_revoked',
    key: `footage-release-${release.id}-revoked`,
    subject: { type: 'footage_request', id: release.requestId },
    params: {
      releaseId: release.id,
      requestId: release.requestId,
      investigationId: investigation.id,
      caseNumber: investigation.caseNumber,
      revokedAt: (release.revokedAt ?? new Date()).toISOString(),
      reason,
    },
  };
}
