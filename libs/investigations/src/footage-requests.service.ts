import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService, SYSTEM_ACTOR, type AuditActor } from '@wardwatch/audit';
import { ApiConfig } from '@wardwatch/config';
import { LegalHoldService } from '@wardwatch/footage';
import { viewCone, viewDirectionOf } from '@wardwatch/cameras';
import { NotificationsService } from '@wardwatch/notifications';
import type { GeoJsonPolygonInput } from '@wardwatch/places';
import { problem } from '@wardwatch/problems';
import { FootageReleaseEntity } from './footage-release.entity';
import { FootageRequestCameraEntity } from './footage-request-camera.entity';
import { FootageRequestEntity } from './footage-request.entity';
import { InvestigationAccess } from './investigation-access';
import type { InvestigationEntity } from './investigation.entity';
import { PENDING_CAMERA_STATES, type CameraRequestState, type CameraSelection, type RequestState } from './investigation.types';
import { ReleasesService } from './releases.service';
import { RequestExpiry } from './request-expiry.service';
import { RequestLedger } from './request-ledger';
import { exceededDetail, exceededLimits, JUSTIFICATION_MIN_CHARS } from './request-limits';
import { ownerAnswered, ownersAsked, supervisorDecided, supervisorsAsked } from './request-notices';
import { whyNotRequestable, type CameraConsentSnapshot } from './request-rules';

/** The most cameras one request may name or an area may resolve to: a request is targeted, not a sweep. */
export const MAX_CAMERAS_PER_REQUEST = 200;
/** The longest window one request may cover. */
export const MAX_REQUEST_WINDOW_MS = 31 * 86_400_000;
/** An earlier request of the same officer for the same cameras within this many days makes a new one a refiling (flagged). */
export const REFILE_LOOKBACK_DAYS = 30;
/**
 * Named cameras cover the convex hull of their positions buffered by this many metres: a camera sees
 * around itself, and one camera (or a row of them) still covers an area, not a point or a line.
 * A polygon also takes cameras without a view direction standing within this distance outside it.
 */
export const CAMERA_AREA_BUFFER_M = 25;
/** Clock skew tolerated on a window that ends "now". */
const FUTURE_SLACK_MS = 60_000;

export interface FileRequestInput {
  cameraIds?: string[];
  area?: { latitude: number; longitude: number; radiusMetres: number };
  wardId?: string;
  /** Checked by the caller (checkPolygon in @wardwatch/places): one closed, simple ring of [lon, lat]. */
  polygon?: GeoJsonPolygonInput;
  from: Date;
  to: Date;
  reason: string;
  legalBasis: string;
  /** Why a request beyond the area or window limit is needed; the supervisor reads it. */
  justification?: string;
}

/** A user as a list shows them: the id and the display name. */
export interface UserRef {
  userId: string;
  displayName: string;
}

export type SupervisorDecision = 'approved' | 'rejected';
/** What the supervisors' list filters on: no decision yet while waiting for one, or the decision taken. */
export const SUPERVISOR_DECISION_FILTERS = ['pending', 'approved', 'rejected'] as const;
export type SupervisorDecisionFilter = (typeof SUPERVISOR_DECISION_FILTERS)[number];

/** The supervisors' list: any combination of these, newest first. */
export interface RequestListFilter {
  state?: RequestState;
  decision?: SupervisorDecisionFilter;
  investigationId?: string;
}

/** A rejection says why, in at least this many characters (after trimming): the officer reads it. */
export const REJECTION_NOTE_MIN_CHARS = 10;

/** Which limits (FOOTAGE_REQUEST_MAX_AREA_KM2, FOOTAGE_REQUEST_MAX_WINDOW_HOURS) the request goes beyond. */
export interface ExceedsLimitsView {
  area: boolean;
  window: boolean;
}

/** How many of a request's cameras are in each state. */
export type CameraStateCounts = Record<
  'total' | 'pendingSupervisor' | 'pendingOwner' | 'released' | 'declined' | 'rejected' | 'expired' | 'cancelled',
  number
>;

export interface RequestCameraView {
  cameraId: string;
  label: string;
  street: string;
  houseNumber: string;
  /** Where the camera stands, to draw it on the request's map. */
  latitude: number;
  longitude: number;
  sharingMode: string;
  state: CameraRequestState;
  decidedAt: Date | null;
  note: string | null;
  release: { id: string; releasedAt: Date; expiresAt: Date; revokedAt: Date | null; live: boolean } | null;
}

export interface RequestView {
  id: string;
  investigationId: string;
  caseNumber: string;
  state: RequestState;
  windowFrom: Date;
  windowTo: Date;
  reason: string;
  legalBasis: string;
  selection: CameraSelection;
  /** The area the request covers (GeoJSON, lon/lat); null for requests filed before areas were kept. */
  area: object | null;
  areaKm2: number | null;
  exceedsLimits: ExceedsLimitsView;
  justification: string | null;
  requestedBy: string;
  requester: UserRef;
  supervisorRequired: boolean;
  supervisor: { decision: 'approved' | 'rejected' | null; by: string | null; byName: string | null; at: Date | null; note: string | null };
  expiresAt: Date;
  createdAt: Date;
  settledAt: Date | null;
  cameras: RequestCameraView[];
}

export interface RequestSummary {
  id: string;
  investigationId: string;
  caseNumber: string;
  state: RequestState;
  windowFrom: Date;
  windowTo: Date;
  reason: string;
  legalBasis: string;
  requestedBy: string;
  requester: UserRef;
  cameraCount: number;
  cameraStates: CameraStateCounts;
  selectionKind: CameraSelection['kind'];
  areaKm2: number | null;
  exceedsLimits: ExceedsLimitsView;
  justification: string | null;
  supervisorRequired: boolean;
  supervisorDecision: SupervisorDecision | null;
  supervisorDecidedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
}

/** What a camera owner sees of a request: the case, why, when, on what legal basis; only their own camera. */
export interface OwnerRequestView {
  requestId: string;
  caseNumber: string;
  reason: string;
  legalBasis: string;
  windowFrom: Date;
  windowTo: Date;
  requestedAt: Date;
  expiresAt: Date;
  camera: { id: string; label: string };
  state: CameraRequestState;
  decidedAt: Date | null;
  note: string | null;
}

/** Keyset position: newest first by creation time, then id (and camera, in an owner's inbox). */
export interface PageKey {
  createdAt: Date;
  id: string;
  cameraId?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `after` for the next page; null on the last page. */
  next: PageKey | null;
}

const SNAPSHOT_SQL = `
  SELECT c.id AS "cameraId", c.owner_id AS "ownerId", c.lifecycle, k.version AS "consentVersion", k.state AS "consentState",
         k.purposes, k.sharing_mode AS "sharingMode"
    FROM cameras c
    LEFT JOIN LATERAL (
      SELECT version, state, purposes, sharing_mode FROM camera_consents WHERE camera_id = c.id ORDER BY version DESC LIMIT 1
    ) k ON true`;

const actorOf = (user: Principal): AuditActor => ({ userId: user.userId, role: user.role });

/**
 * Footage requests: filed by an investigation's member, decided by a supervisor first (where policy
 * asks) and then by each camera's owner (where consent asks), expiring when unanswered. Footage in
 * the window is on a preservation hold from filing until its camera is decided.
 */
@Injectable()
export class FootageRequestsService {
  constructor(
    private readonly access: InvestigationAccess,
    private readonly releases: ReleasesService,
    private readonly holds: LegalHoldService,
    private readonly ledger: RequestLedger,
    private readonly expiry: RequestExpiry,
    private readonly audit: AuditService,
    private readonly config: ApiConfig,
    private readonly notifications: NotificationsService,
  ) {}

  async file(user: Principal, investigationId: string, input: FileRequestInput): Promise<RequestView> {
    this.checkWindow(input.from, input.to);
    const selections = [input.cameraIds, input.area, input.wardId, input.polygon].filter((s) => s !== undefined).length;
    if (selections !== 1) {
      throw problem(
        'footage_request.invalid_selection',
        'name the cameras in exactly one way: cameraIds (from a search), area (point and radius), polygon or wardId',
      );
    }
    // Requests that ran out no longer count against the officer's limits.
    await this.expireOverdue();
    const requestId = await this.access.transaction(async (m) => {
      const investigation = await this.access.load(investigationId, m, 'share');
      await this.access.assertMember(investigation, user, m);
      this.access.assertOpen(investigation);
      const { selection, cameras } = await this.resolveCameras(m, input);
      const covered = await this.measureArea(m, input, cameras);
      const exceeded = exceededLimits(covered.areaM2, input.to.getTime() - input.from.getTime(), {
        maxAreaKm2: this.config.FOOTAGE_REQUEST_MAX_AREA_KM2,
        maxWindowHours: this.config.FOOTAGE_REQUEST_MAX_WINDOW_HOURS,
      });
      const justification = input.justification?.trim() || null;
      if (exceeded.length > 0 && !justification) {
        throw problem('footage_request.exceeds_limits', exceededDetail(exceeded), {
          limits: exceeded,
          justificationMinChars: JUSTIFICATION_MIN_CHARS,
        });
      }
      const exceedsLimits = { area: exceeded.some((e) => e.limit === 'area'), window: exceeded.some((e) => e.limit === 'window') };

      // Beyond a limit, a supervisor always decides, whatever the policy says about ordinary requests.
      const supervisorRequired = this.config.FOOTAGE_SUPERVISOR_APPROVAL === 'true' || exceeded.length > 0;
      await this.checkOfficerLimits(m, user, cameras.length, input, supervisorRequired);
      const earlier = await this.earlierRequestsFor(m, user, cameras, input);
      const requests = m.getRepository(FootageRequestEntity);
      const request = await requests.save(
        requests.create({
          investigationId,
          requestedBy: user.userId,
          windowFrom: input.from,
          windowTo: input.to,
          reason: input.reason,
          legalBasis: input.legalBasis,
          selection,
          areaM2: covered.areaM2,
          justification,
          exceedsAreaLimit: exceedsLimits.area,
          exceedsWindowLimit: exceedsLimits.window,
          state: 'pending_supervisor',
          supervisorRequired,
          // Holds the officer placed alone are short: undecided by a supervisor, the request lapses sooner.
          expiresAt: new Date(
            Date.now() +
              (supervisorRequired
                ? Math.min(this.config.FOOTAGE_PREAPPROVAL_HOLD_HOURS, this.config.FOOTAGE_REQUEST_TTL_HOURS)
                : this.config.FOOTAGE_REQUEST_TTL_HOURS) *
                3_600_000,
          ),
        }),
      );
      await m.query(`UPDATE footage_requests SET area = ST_GeomFromGeoJSON($2)::geography WHERE id = $1`, [request.id, covered.geojson]);
      const rows: FootageRequestCameraEntity[] = [];
      for (const camera of cameras) {
        // The hold's reason is what the owner's access log shows before any approval: no case details.
        const hold = await this.holds.place(
          {
            cameraId: camera.cameraId,
            from: input.from,
            until: input.to,
            kind: 'preservation',
            reason: 'preserved while a footage request is decided',
            investigationId,
            footageRequestId: request.id,
          },
          actorOf(user),
          m,
        );
        rows.push(
          m.getRepository(FootageRequestCameraEntity).create({
            requestId: request.id,
            cameraId: camera.cameraId,
            ownerId: camera.ownerId,
            consentVersion: camera.consentVersion!,
            sharingMode: camera.sharingMode!,
            state: 'pending_supervisor',
            preservationHoldId: hold.id,
          }),
        );
      }
      await m.getRepository(FootageRequestCameraEntity).save(rows);
      const recordFiling = (action: `footage_request.${string}`, details: Record<string, unknown>) =>
        this.audit.record(
          { actor: actorOf(user), action, subject: { type: 'footage_request', id: request.id }, investigationId, details },
          m,
        );
      await recordFiling('footage_request.filed', {
        windowFrom: input.from.toISOString(),
        windowTo: input.to.toISOString(),
        reason: input.reason,
        legalBasis: input.legalBasis,
        selection,
        cameraIds: rows.map((r) => r.cameraId),
        supervisorRequired,
        areaM2: covered.areaM2,
        exceedsLimits,
        justification,
      });
      if (earlier.length > 0) {
        await recordFiling('footage_request.refiled', {
          earlierRequestIds: [...new Set(earlier.map((e) => e.requestId))],
          cameraIds: [...new Set(earlier.map((e) => e.cameraId))],
          lookBackDays: REFILE_LOOKBACK_DAYS,
        });
      }
      // Without a supervisor step the request goes straight to the owners (or releases).
      if (!supervisorRequired) await this.afterSupervisor(m, investigation, request, rows, SYSTEM_ACTOR);
      // Beyond a limit, the supervisors hear of it with its justification, in the same transaction.
      else await this.notifications.notify(m, await supervisorsAsked(m, investigation, request));
      await this.ledger.settle(m, request, rows);
      return request.id;
    });
    return this.view(requestId);
  }

  /** A supervisor's decision: approval sends the request to the owners (or releases), rejection ends it. */
  async supervisorDecision(user: Principal, requestId: string, approve: boolean, note: string | null): Promise<RequestView> {
    note = note?.trim() || null;
    if (!approve && (note?.length ?? 0) < REJECTION_NOTE_MIN_CHARS) {
      throw problem(
        'footage_request.rejection_reason_required',
        `a rejection needs a note of at least ${REJECTION_NOTE_MIN_CHARS} characters saying why (${note?.length ?? 0} given): the requesting officer reads it`,
        { minChars: REJECTION_NOTE_MIN_CHARS },
      );
    }
    await this.expireOverdue();
    await this.access.transaction(async (m) => {
      const { investigation, request } = await this.lockForDecision(m, requestId);
      if (request.state !== 'pending_supervisor') {
        throw problem(
          'footage_request.not_pending',
          `footage request ${requestId} is ${request.state}; only pending_supervisor requests take a supervisor decision`,
        );
      }
      this.checkNotExpired(request);
      await this.checkIndependent(m, user, investigation, request);
      const rows = await m.getRepository(FootageRequestCameraEntity).find({ where: { requestId }, order: { cameraId: 'ASC' } });
      request.supervisorDecision = approve ? 'approved' : 'rejected';
      request.supervisorId = user.userId;
      request.supervisorDecidedAt = new Date();
      request.supervisorNote = note;
      await this.audit.record(
        {
          actor: actorOf(user),
          action: approve ? 'footage_request.supervisor_approved' : 'footage_request.supervisor_rejected',
          subject: { type: 'footage_request', id: request.id },
          investigationId: request.investigationId,
          details: { note, cameraIds: rows.map((r) => r.cameraId) },
        },
        m,
      );
      if (approve) {
        // Approved, the request now waits for owners up to its full time from filing.
        const full = new Date(request.createdAt.getTime() + this.config.FOOTAGE_REQUEST_TTL_HOURS * 3_600_000);
        if (full > request.expiresAt) request.expiresAt = full;
        await this.flagSameAdmin(m, user, request);
        await this.afterSupervisor(m, investigation, request, rows, actorOf(user));
      } else {
        for (const row of rows) await this.ledger.endCamera(m, row, 'rejected', actorOf(user), note ?? 'rejected by a supervisor');
      }
      await this.notifications.notify(m, [supervisorDecided(investigation, request)]);
      await this.ledger.settle(m, request, rows);
    });
    return this.view(requestId);
  }

  /** An owner's answer for one of their cameras; it decides that camera only. */
  async ownerDecision(
    user: Principal,
    requestId: string,
    cameraId: string,
    approve: boolean,
    note: string | null,
  ): Promise<OwnerRequestView> {
    await this.expireOverdue();
    await this.access.transaction(async (m) => {
      const { investigation, request } = await this.lockForDecision(m, requestId);
      const row = await m.getRepository(FootageRequestCameraEntity).findOne({ where: { requestId, cameraId, ownerId: user.userId } });
      // Before the supervisor's step the owner is not told the request exists.
      if (
        !row ||
        row.state === 'pending_supervisor' ||
        row.state === 'rejected' ||
        (request.supervisorRequired && request.supervisorDecision !== 'approved')
      ) {
        throw problem('footage_request.not_found', `there is no footage request ${requestId} for a camera of yours with id ${cameraId}`);
      }
      if (row.state !== 'pending_owner') {
        throw problem(
          'footage_request.not_pending',
          `your camera's part of this request is already ${row.state}; it cannot be answered again`,
        );
      }
      this.checkNotExpired(request);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: approve ? 'footage_request.owner_approved' : 'footage_request.owner_declined',
          subject: { type: 'footage_request', id: request.id },
          cameraId,
          investigationId: request.investigationId,
          details: { note },
        },
        m,
      );
      if (approve) {
        const [snapshot] = await this.snapshots(m, 'c.id = $1', [cameraId]);
        const why = whyNotRequestable(snapshot);
        if (why)
          throw problem(
            'footage_request.camera_cannot_release',
            `this camera cannot release footage now: ${why}; resume or renew consent first`,
          );
        await this.releases.release(m, investigation, request, row, actorOf(user), 'owner_approved');
        this.ledger.decided(row, 'released', user.userId, note);
        await m.getRepository(FootageRequestCameraEntity).save(row);
      } else {
        await this.ledger.endCamera(m, row, 'declined', actorOf(user), note ?? 'declined by the owner');
      }
      await this.notifications.notify(m, [ownerAnswered(investigation, request, cameraId, approve ? 'approved' : 'declined')]);
      const rows = await m.getRepository(FootageRequestCameraEntity).find({ where: { requestId } });
      await this.ledger.settle(m, request, rows);
    });
    const [view] = (await this.ownerInbox(user, { requestId, cameraId, limit: 1 })).items;
    return view;
  }

  /** Ends what time has ended (see RequestExpiry) before reads and decisions, so users never see it pending. */
  async expireOverdue(): Promise<void> {
    await this.expiry.run();
  }

  /** Cancels the pending requests of an investigation being closed, inside the caller's transaction. */
  async cancelPendingFor(m: EntityManager, investigationId: string, actor: AuditActor): Promise<number> {
    const requests = await m
      .getRepository(FootageRequestEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where(`r.investigation_id = :investigationId AND r.state IN ('pending_supervisor', 'pending_owner')`, { investigationId })
      .getMany();
    for (const request of requests) {
      const rows = await m.getRepository(FootageRequestCameraEntity).find({ where: { requestId: request.id } });
      for (const row of rows.filter((r) => PENDING_CAMERA_STATES.includes(r.state))) {
        await this.ledger.endCamera(m, row, 'cancelled', actor, 'the investigation was closed');
      }
      await this.ledger.settle(m, request, rows);
    }
    return requests.length;
  }

  async get(user: Principal, requestId: string): Promise<RequestView> {
    await this.expireOverdue();
    const request = await this.access.manager.getRepository(FootageRequestEntity).findOneBy({ id: requestId });
    if (!request) throw problem('footage_request.not_found', `footage request ${requestId} does not exist`);
    await this.access.assertCanRead(await this.access.load(request.investigationId), user);
    return this.view(requestId);
  }

  async listForInvestigation(
    user: Principal,
    investigationId: string,
    after: PageKey | null,
    limit: number,
  ): Promise<Page<RequestSummary>> {
    await this.expireOverdue();
    await this.access.assertCanRead(await this.access.load(investigationId), user);
    return this.summaries('r.investigation_id = $1', [investigationId], after, limit);
  }

  /**
   * The supervisors' list: every request, newest first, filtered by state, by the supervisor's
   * decision (pending: waiting for one now, i.e. pending_supervisor; approved; rejected) and by
   * investigation.
   */
  async listAll(filter: RequestListFilter, after: PageKey | null, limit: number): Promise<Page<RequestSummary>> {
    await this.expireOverdue();
    const params: unknown[] = [];
    const where = ['true'];
    if (filter.state) where.push(`r.state = $${params.push(filter.state)}`);
    if (filter.decision === 'pending') where.push(`r.state = 'pending_supervisor' AND r.supervisor_decision IS NULL`);
    else if (filter.decision) where.push(`r.supervisor_decision = $${params.push(filter.decision)}`);
    if (filter.investigationId) where.push(`r.investigation_id = $${params.push(filter.investigationId)}`);
    return this.summaries(where.join(' AND '), params, after, limit);
  }

  /** An owner's requests: their cameras only, and only once past the supervisor's step. */
  async ownerInbox(
    user: Principal,
    q: { state?: CameraRequestState; requestId?: string; cameraId?: string; after?: PageKey | null; limit: number },
  ): Promise<Page<OwnerRequestView>> {
    await this.expireOverdue();
    const params: unknown[] = [user.userId];
    const where = [
      'rc.owner_id = $1',
      `rc.state NOT IN ('pending_supervisor', 'rejected')`,
      `(r.supervisor_required = false OR r.supervisor_decision = 'approved')`,
    ];
    if (q.state) where.push(`rc.state = $${params.push(q.state)}`);
    if (q.requestId) where.push(`r.id = $${params.push(q.requestId)}`);
    if (q.cameraId) where.push(`rc.camera_id = $${params.push(q.cameraId)}`);
    if (q.after) {
      where.push(
        `(r.created_at, r.id, rc.camera_id) < ($${params.push(q.after.createdAt)}, $${params.push(q.after.id)}, $${params.push(q.after.cameraId ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff')}::uuid)`,
      );
    }
    const rows = await this.access.manager.query<
      {
        request_id: string;
        case_number: string;
        reason: string;
        legal_basis: string;
        window_from: Date;
        window_to: Date;
        created_at: Date;
        expires_at: Date;
        camera_id: string;
        label: string;
        state: CameraRequestState;
        decided_at: Date | null;
        note: string | null;
      }[]
    >(
      `SELECT r.id AS request_id, i.case_number, r.reason, r.legal_basis, r.window_from, r.window_to, r.created_at, r.expires_at,
              rc.camera_id, c.label, rc.state, rc.decided_at, rc.note
         FROM footage_request_cameras rc
         JOIN footage_requests r ON r.id = rc.request_id
         JOIN investigations i ON i.id = r.investigation_id
         JOIN cameras c ON c.id = rc.camera_id
        WHERE ${where.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC, rc.camera_id DESC
        LIMIT $${params.push(q.limit)}`,
      params,
    );
    const items = rows.map((row) => ({
      requestId: row.request_id,
      caseNumber: row.case_number,
      reason: row.reason,
      legalBasis: row.legal_basis,
      windowFrom: row.window_from,
      windowTo: row.window_to,
      requestedAt: row.created_at,
      expiresAt: row.expires_at,
      camera: { id: row.camera_id, label: row.label },
      state: row.state,
      decidedAt: row.decided_at,
      note: row.note,
    }));
    const last = rows.at(-1);
    return {
      items,
      next: rows.length === q.limit && last ? { createdAt: last.created_at, id: last.request_id, cameraId: last.camera_id } : null,
    };
  }

  /** The full request with each camera's decision and release, for members and supervisors. */
  async view(requestId: string, manager?: EntityManager): Promise<RequestView> {
    const m = manager ?? this.access.manager;
    const request = await m.getRepository(FootageRequestEntity).findOneBy({ id: requestId });
    if (!request) throw problem('footage_request.not_found', `footage request ${requestId} does not exist`);
    const investigation = await this.access.load(request.investigationId, m);
    const cameras = await m.query<
      {
        camera_id: string;
        label: string;
        street: string;
        house_number: string;
        latitude: number;
        longitude: number;
        sharing_mode: string;
        state: CameraRequestState;
        decided_at: Date | null;
        note: string | null;
      }[]
    >(
      `SELECT rc.camera_id, c.label, c.street, c.house_number, c.latitude, c.longitude, rc.sharing_mode, rc.state, rc.decided_at, rc.note
         FROM footage_request_cameras rc JOIN cameras c ON c.id = rc.camera_id
        WHERE rc.request_id = $1 ORDER BY c.label, rc.camera_id`,
      [requestId],
    );
    const releases = await m.getRepository(FootageReleaseEntity).find({ where: { requestId } });
    const [{ area }] = await m.query<{ area: object | null }[]>(
      `SELECT ST_AsGeoJSON(area, 7)::json AS area FROM footage_requests WHERE id = $1`,
      [requestId],
    );
    const names = await m.query<{ id: string; display_name: string }[]>(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [
      [request.requestedBy, request.supervisorId].filter((id): id is string => id !== null),
    ]);
    const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.display_name ?? null) : null);
    const now = Date.now();
    return {
      id: request.id,
      investigationId: request.investigationId,
      caseNumber: investigation.caseNumber,
      state: request.state,
      windowFrom: request.windowFrom,
      windowTo: request.windowTo,
      reason: request.reason,
      legalBasis: request.legalBasis,
      selection: request.selection,
      area,
      areaKm2: request.areaM2 === null ? null : request.areaM2 / 1e6,
      exceedsLimits: { area: request.exceedsAreaLimit, window: request.exceedsWindowLimit },
      justification: request.justification,
      requestedBy: request.requestedBy,
      requester: { userId: request.requestedBy, displayName: nameOf(request.requestedBy) ?? '' },
      supervisorRequired: request.supervisorRequired,
      supervisor: {
        decision: request.supervisorDecision,
        by: request.supervisorId,
        byName: nameOf(request.supervisorId),
        at: request.supervisorDecidedAt,
        note: request.supervisorNote,
      },
      expiresAt: request.expiresAt,
      createdAt: request.createdAt,
      settledAt: request.settledAt,
      cameras: cameras.map((c) => {
        const release = releases.find((r) => r.cameraId === c.camera_id);
        return {
          cameraId: c.camera_id,
          label: c.label,
          street: c.street,
          houseNumber: c.house_number,
          latitude: c.latitude,
          longitude: c.longitude,
          sharingMode: c.sharing_mode,
          state: c.state,
          decidedAt: c.decided_at,
          note: c.note,
          release: release
            ? {
                id: release.id,
                releasedAt: release.releasedAt,
                expiresAt: release.expiresAt,
                revokedAt: release.revokedAt,
                live: !release.revokedAt && release.expiresAt.getTime() > now,
              }
            : null,
        };
      }),
    };
  }

  /** The requests of an investigation with their decisions, for the evidence export. */
  async viewsForInvestigation(m: EntityManager, investigationId: string): Promise<RequestView[]> {
    const ids = await m
      .getRepository(FootageRequestEntity)
      .find({ select: { id: true }, where: { investigationId }, order: { createdAt: 'ASC' } });
    const views: RequestView[] = [];
    for (const { id } of ids) views.push(await this.view(id, m));
    return views;
  }

  private checkWindow(from: Date, to: Date): void {
    if (!(to.getTime() > from.getTime())) throw problem('footage_request.invalid_window', 'to must be after from');
    if (to.getTime() > Date.now() + FUTURE_SLACK_MS) {
      throw problem('footage_request.invalid_window', 'to is in the future: footage can be requested only for time that has passed');
    }
    if (to.getTime() - from.getTime() > MAX_REQUEST_WINDOW_MS) {
      throw problem(
        'footage_request.invalid_window',
        `the window may be at most ${MAX_REQUEST_WINDOW_MS / 86_400_000} days; file separate requests for longer`,
      );
    }
  }

  /**
   * What one officer may ask for alone: at most FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER open requests,
   * and (with a supervisor step) at most FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS of footage preserved
   * before any supervisor has looked. Serialised per officer, so parallel filings cannot both pass.
   */
  private async checkOfficerLimits(
    m: EntityManager,
    user: Principal,
    cameraCount: number,
    input: FileRequestInput,
    supervisorRequired: boolean,
  ): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('footage-requests-of:' || $1))`, [user.userId]);
    const [{ open, camera_hours }] = await m.query<{ open: number; camera_hours: number }[]>(
      `SELECT count(*)::int AS open,
              COALESCE(sum(CASE WHEN r.state = 'pending_supervisor' THEN
                EXTRACT(EPOCH FROM (r.window_to - r.window_from)) / 3600.0
                * (SELECT count(*) FROM footage_request_cameras rc WHERE rc.request_id = r.id AND rc.state = 'pending_supervisor')
              END), 0)::float8 AS camera_hours
         FROM footage_requests r
        WHERE r.requested_by = $1 AND r.state IN ('pending_supervisor', 'pending_owner') AND r.expires_at > now()`,
      [user.userId],
    );
    const max = this.config.FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER;
    if (open >= max) {
      throw problem(
        'footage_request.open_limit',
        `you have ${open} open footage requests, the most one officer may have (FOOTAGE_MAX_OPEN_REQUESTS_PER_OFFICER=${max}); wait for decisions on them first`,
      );
    }
    if (!supervisorRequired) return;
    const asked = (cameraCount * (input.to.getTime() - input.from.getTime())) / 3_600_000;
    const limit = this.config.FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS;
    if (camera_hours + asked > limit) {
      throw problem(
        'footage_request.camera_hours_limit',
        `this request would preserve ${Math.ceil(asked)} camera-hours (cameras x window hours) on top of the ${Math.ceil(camera_hours)} ` +
          `your requests already preserve before a supervisor's decision; one officer may hold at most ${limit} ` +
          `(FOOTAGE_PREAPPROVAL_MAX_CAMERA_HOURS). Narrow the window or the cameras, or wait for a supervisor to decide.`,
      );
    }
  }

  /** The same officer's earlier requests (not released) for these cameras over an overlapping window: a refiling. */
  private earlierRequestsFor(
    m: EntityManager,
    user: Principal,
    cameras: CameraConsentSnapshot[],
    input: FileRequestInput,
  ): Promise<{ requestId: string; cameraId: string }[]> {
    return m.query<{ requestId: string; cameraId: string }[]>(
      `SELECT r.id AS "requestId", rc.camera_id AS "cameraId"
         FROM footage_requests r JOIN footage_request_cameras rc ON rc.request_id = r.id
        WHERE r.requested_by = $1 AND rc.camera_id = ANY($2::uuid[]) AND rc.state <> 'released'
          AND r.created_at > now() - make_interval(days => $3)
          AND r.window_from < $5 AND r.window_to > $4
        ORDER BY r.created_at, rc.camera_id`,
      [user.userId, cameras.map((c) => c.cameraId), REFILE_LOOKBACK_DAYS, input.from, input.to],
    );
  }

  /**
   * Separation of duties at the approval: the supervisor who decides must be someone else than the
   * officer who asked, and must stand outside the investigation (its members are the ones who want
   * the footage). Refusals are 403s, which the API records as `access.refused`.
   */
  private async checkIndependent(
    m: EntityManager,
    user: Principal,
    investigation: InvestigationEntity,
    request: FootageRequestEntity,
  ): Promise<void> {
    if (request.requestedBy === user.userId) {
      throw problem('footage_request.decided_by_other_supervisor', 'you filed this footage request; a different supervisor must decide it');
    }
    if (await this.access.isMember(investigation.id, user.userId, m)) {
      throw problem(
        'footage_request.decided_by_other_supervisor',
        `you are a member of investigation ${investigation.caseNumber}; a supervisor outside the investigation must decide its requests`,
      );
    }
    // A former member worked on the case too: being removed must not make one independent.
    if (await this.access.isMember(investigation.id, user.userId, m, true)) {
      throw problem(
        'footage_request.decided_by_other_supervisor',
        `you were a member of investigation ${investigation.caseNumber}; a supervisor outside the investigation must decide its requests`,
      );
    }
  }

  /**
   * When one admin proposed both the requester's and the approver's current roles (created the
   * accounts, so chose their first passwords), the approval is two accounts of one admin's making:
   * recorded as `footage_request.same_admin_approval` for the supervisors' flags.
   */
  private async flagSameAdmin(m: EntityManager, approver: Principal, request: FootageRequestEntity): Promise<void> {
    const rows = await m.query<{ id: string; role_proposed_by: string | null; role_confirmed_by: string | null }[]>(
      `SELECT id, role_proposed_by, role_confirmed_by FROM users WHERE id = ANY($1::uuid[])`,
      [[request.requestedBy, approver.userId]],
    );
    const requester = rows.find((r) => r.id === request.requestedBy);
    const supervisor = rows.find((r) => r.id === approver.userId);
    if (!requester?.role_proposed_by || requester.role_proposed_by !== supervisor?.role_proposed_by) return;
    await this.audit.record(
      {
        actor: actorOf(approver),
        action: 'footage_request.same_admin_approval',
        subject: { type: 'footage_request', id: request.id },
        investigationId: request.investigationId,
        details: {
          adminId: requester.role_proposed_by,
          requesterId: request.requestedBy,
          requesterConfirmedBy: requester.role_confirmed_by,
          approverId: approver.userId,
          approverConfirmedBy: supervisor.role_confirmed_by,
        },
      },
      m,
    );
  }

  private checkNotExpired(request: FootageRequestEntity): void {
    if (request.expiresAt.getTime() <= Date.now()) {
      throw problem(
        'footage_request.expired',
        `footage request ${request.id} expired at ${request.expiresAt.toISOString()}; file a new one`,
      );
    }
  }

  /**
   * Locks in the order closing an investigation does (investigation, then request), so a decision
   * and a close cannot deadlock; the closed investigation's requests are already cancelled.
   */
  private async lockForDecision(
    m: EntityManager,
    requestId: string,
  ): Promise<{ investigation: InvestigationEntity; request: FootageRequestEntity }> {
    const found = await m
      .getRepository(FootageRequestEntity)
      .findOne({ select: { id: true, investigationId: true }, where: { id: requestId } });
    if (!found) throw problem('footage_request.not_found', `footage request ${requestId} does not exist`);
    const investigation = await this.access.load(found.investigationId, m, 'share');
    return { investigation, request: await this.lockRequest(m, requestId) };
  }

  private async lockRequest(m: EntityManager, requestId: string): Promise<FootageRequestEntity> {
    const request = await m
      .getRepository(FootageRequestEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :requestId', { requestId })
      .getOne();
    if (!request) throw problem('footage_request.not_found', `footage request ${requestId} does not exist`);
    return request;
  }

  private snapshots(m: EntityManager, where: string, params: unknown[]): Promise<CameraConsentSnapshot[]> {
    return m.query<CameraConsentSnapshot[]>(`${SNAPSHOT_SQL} WHERE ${where} ORDER BY c.id`, params);
  }

  /**
   * The cameras a request names or an area covers, with their consent now. Named cameras that cannot
   * be requested are refused one by one with the reason; an area takes only the consenting cameras.
   */
  private async resolveCameras(
    m: EntityManager,
    input: FileRequestInput,
  ): Promise<{ selection: CameraSelection; cameras: CameraConsentSnapshot[] }> {
    if (input.cameraIds) {
      const ids = [...new Set(input.cameraIds)];
      if (ids.length === 0) throw problem('footage_request.invalid_selection', 'cameraIds must name at least one camera');
      if (ids.length > MAX_CAMERAS_PER_REQUEST)
        throw problem('footage_request.invalid_selection', `a request may name at most ${MAX_CAMERAS_PER_REQUEST} cameras`);
      const found = await this.snapshots(m, 'c.id = ANY($1::uuid[])', [ids]);
      const problems = ids.flatMap((id) => {
        const camera = found.find((c) => c.cameraId === id);
        const why = camera ? whyNotRequestable(camera) : 'no such camera';
        return why ? [{ cameraId: id, reason: why }] : [];
      });
      if (problems.length > 0) {
        throw problem(
          'footage_request.cameras_not_requestable',
          `${problems.length} camera(s) cannot be requested: ${problems.map((p) => `${p.cameraId}: ${p.reason}`).join('; ')}. Remove them and file again.`,
          { cameras: problems },
        );
      }
      return { selection: { kind: 'cameras' }, cameras: found };
    }
    let selection: CameraSelection;
    let candidates: CameraConsentSnapshot[];
    if (input.area) {
      const { latitude, longitude, radiusMetres } = input.area;
      selection = { kind: 'radius', latitude, longitude, radiusMetres };
      // PostGIS takes (longitude, latitude).
      candidates = await this.snapshots(
        m,
        `ST_DWithin(ST_SetSRID(ST_MakePoint(c.longitude, c.latitude), 4326)::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)`,
        [longitude, latitude, radiusMetres],
      );
    } else if (input.polygon) {
      selection = { kind: 'polygon', polygon: input.polygon };
      candidates = await this.snapshots(m, 'c.id = ANY($1::uuid[])', [await this.camerasSeeing(m, input.polygon)]);
    } else {
      const [ward] = await m.query<{ id: string }[]>(`SELECT id FROM wards WHERE id = $1`, [input.wardId]);
      if (!ward) throw problem('ward.not_found', `ward ${input.wardId} does not exist; GET /wards lists them`);
      selection = { kind: 'ward', wardId: ward.id };
      candidates = await this.snapshots(m, 'c.ward_id = $1', [ward.id]);
    }
    const cameras = candidates.filter((c) => whyNotRequestable(c) === null);
    if (cameras.length === 0) {
      throw problem(
        'footage_request.no_consenting_cameras',
        'no camera in that area has consented to police requests for clips; widen the area or name cameras',
      );
    }
    if (cameras.length > MAX_CAMERAS_PER_REQUEST) {
      throw problem(
        'footage_request.area_too_large',
        `that area holds ${cameras.length} consenting cameras; a request may cover at most ${MAX_CAMERAS_PER_REQUEST}: narrow it`,
      );
    }
    return { selection, cameras };
  }

  /**
   * The cameras that can see into a polygon: those standing inside it, those whose view cone (see
   * viewCone in @wardwatch/cameras, computed here rather than by a SQL function) reaches into it, and
   * those without a view direction standing within CAMERA_AREA_BUFFER_M of it. Candidates come from
   * the spatial index (within each camera's view range, or the buffer, of the polygon); the cone test
   * is planar in longitude/latitude, which at a 200 m range is well within a camera's placement error.
   */
  private async camerasSeeing(m: EntityManager, polygon: GeoJsonPolygonInput): Promise<string[]> {
    const geojson = JSON.stringify(polygon);
    const near = await m.query<
      {
        id: string;
        latitude: number;
        longitude: number;
        viewAzimuthDeg: number | null;
        viewAngleDeg: number | null;
        viewRangeM: number | null;
        inside: boolean;
      }[]
    >(
      `WITH p AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography AS area)
       SELECT c.id, c.latitude, c.longitude, c.view_azimuth_deg AS "viewAzimuthDeg", c.view_angle_deg AS "viewAngleDeg",
              c.view_range_m AS "viewRangeM", ST_Covers(p.area, c.location) AS inside
         FROM cameras c, p
        WHERE ST_DWithin(c.location, p.area, COALESCE(c.view_range_m, $2))`,
      [geojson, CAMERA_AREA_BUFFER_M],
    );
    const chosen = near.filter((c) => c.inside || viewDirectionOf(c) === null).map((c) => c.id);
    const cones = near.flatMap((c) => {
      const view = viewDirectionOf(c);
      return !c.inside && view ? [{ id: c.id, cone: JSON.stringify(viewCone(c, view)) }] : [];
    });
    if (cones.length > 0) {
      const seeing = await m.query<{ id: string }[]>(
        `SELECT t.id FROM unnest($1::uuid[], $2::text[]) AS t(id, cone)
          WHERE ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(t.cone), 4326), ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))`,
        [cones.map((c) => c.id), cones.map((c) => c.cone), geojson],
      );
      chosen.push(...seeing.map((r) => r.id));
    }
    return chosen;
  }

  /**
   * The area a request covers, as GeoJSON, and its size in m² (PostGIS, on the spheroid): a polygon
   * is itself; a circle is itself (its size pi r² exactly, its outline a 64-sided polygon); a ward is
   * its boundary. Named cameras cover the convex hull of their positions buffered by
   * CAMERA_AREA_BUFFER_M (so one camera covers a disc of that radius), and so do the cameras of a
   * ward that has no boundary. The window does not change it.
   */
  private async measureArea(
    m: EntityManager,
    input: FileRequestInput,
    cameras: CameraConsentSnapshot[],
  ): Promise<{ geojson: string; areaM2: number }> {
    const hull = async () => {
      const [row] = await m.query<{ geojson: string; areaM2: number }[]>(
        `WITH a AS (SELECT ST_Buffer(ST_ConvexHull(ST_Collect(c.location::geometry))::geography, $2) AS area
                      FROM cameras c WHERE c.id = ANY($1::uuid[]))
         SELECT ST_AsGeoJSON(area, 7) AS geojson, ST_Area(area) AS "areaM2" FROM a`,
        [cameras.map((c) => c.cameraId), CAMERA_AREA_BUFFER_M],
      );
      return row;
    };
    if (input.polygon) {
      const [row] = await m.query<{ geojson: string; areaM2: number; valid: boolean }[]>(
        `WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
         SELECT ST_AsGeoJSON(g, 7) AS geojson, ST_Area(g::geography) AS "areaM2", ST_IsValid(g) AS valid FROM a`,
        [JSON.stringify(input.polygon)],
      );
      if (!row.valid) throw problem('footage_request.invalid_selection', 'the polygon is not valid (it crosses itself); draw it again');
      return { geojson: row.geojson, areaM2: row.areaM2 };
    }
    if (input.area) {
      const { latitude, longitude, radiusMetres } = input.area;
      const [row] = await m.query<{ geojson: string }[]>(
        `SELECT ST_AsGeoJSON(ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3, 'quad_segs=16'), 7) AS geojson`,
        [longitude, latitude, radiusMetres],
      );
      return { geojson: row.geojson, areaM2: Math.PI * radiusMetres * radiusMetres };
    }
    if (input.wardId) {
      const [row] = await m.query<{ geojson: string | null; areaM2: number | null }[]>(
        `SELECT ST_AsGeoJSON(boundary, 7) AS geojson, ST_Area(boundary) AS "areaM2" FROM wards WHERE id = $1`,
        [input.wardId],
      );
      if (row?.geojson && row.areaM2 !== null) return { geojson: row.geojson, areaM2: row.areaM2 };
    }
    return hull();
  }

  /**
   * After the supervisor's approval (or at filing when none is needed), per camera with its consent
   * now: consent that ended declines it; auto-release releases it; "ask" waits for the owner.
   */
  private async afterSupervisor(
    m: EntityManager,
    investigation: InvestigationEntity,
    request: FootageRequestEntity,
    rows: FootageRequestCameraEntity[],
    actor: AuditActor,
  ): Promise<void> {
    const current = await this.snapshots(m, 'c.id = ANY($1::uuid[])', [rows.map((r) => r.cameraId)]);
    const asked: FootageRequestCameraEntity[] = [];
    for (const row of rows.filter((r) => r.state === 'pending_supervisor')) {
      const snapshot = current.find((c) => c.cameraId === row.cameraId)!;
      const why = whyNotRequestable(snapshot);
      if (why) {
        await this.ledger.endCamera(m, row, 'declined', actor, `consent changed before release: ${why}`);
      } else if (snapshot.sharingMode === 'auto_release') {
        await this.releases.release(m, investigation, request, row, actor, 'auto_release');
        this.ledger.decided(row, 'released', null, "released by the owner's auto-release consent");
        await m.getRepository(FootageRequestCameraEntity).save(row);
      } else {
        row.state = 'pending_owner';
        await m.getRepository(FootageRequestCameraEntity).save(row);
        asked.push(row);
      }
    }
    // Owners hear of it with the request, in the same transaction: nothing asked goes unannounced.
    await this.notifications.notify(m, await ownersAsked(m, investigation, request, asked));
  }

  private async summaries(where: string, params: unknown[], after: PageKey | null, limit: number): Promise<Page<RequestSummary>> {
    const p = [...params];
    const conditions = [where];
    if (after) conditions.push(`(r.created_at, r.id) < ($${p.push(after.createdAt)}, $${p.push(after.id)})`);
    const rows = await this.access.manager.query<
      (Omit<RequestSummary, 'cameraStates' | 'exceedsLimits' | 'areaKm2'> & {
        areaM2: number | null;
        exceedsArea: boolean;
        exceedsWindow: boolean;
        cameraStates: CameraStateCounts;
      })[]
    >(
      `SELECT r.id, r.investigation_id AS "investigationId", i.case_number AS "caseNumber", r.state, r.window_from AS "windowFrom",
              r.window_to AS "windowTo", r.reason, r.legal_basis AS "legalBasis", r.requested_by AS "requestedBy",
              json_build_object('userId', u.id, 'displayName', u.display_name) AS requester,
              r.supervisor_decision AS "supervisorDecision", r.supervisor_decided_at AS "supervisorDecidedAt",
              r.selection->>'kind' AS "selectionKind", r.area_m2 AS "areaM2", r.justification,
              r.exceeds_area_limit AS "exceedsArea", r.exceeds_window_limit AS "exceedsWindow", r.supervisor_required AS "supervisorRequired",
              json_build_object(
                'total', cs.total, 'pendingSupervisor', cs.pending_supervisor, 'pendingOwner', cs.pending_owner,
                'released', cs.released, 'declined', cs.declined, 'rejected', cs.rejected, 'expired', cs.expired,
                'cancelled', cs.cancelled) AS "cameraStates",
              r.expires_at AS "expiresAt", r.created_at AS "createdAt"
         FROM footage_requests r JOIN investigations i ON i.id = r.investigation_id
         JOIN users u ON u.id = r.requested_by
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE rc.state = 'pending_supervisor')::int AS pending_supervisor,
                  count(*) FILTER (WHERE rc.state = 'pending_owner')::int AS pending_owner,
                  count(*) FILTER (WHERE rc.state = 'released')::int AS released,
                  count(*) FILTER (WHERE rc.state = 'declined')::int AS declined,
                  count(*) FILTER (WHERE rc.state = 'rejected')::int AS rejected,
                  count(*) FILTER (WHERE rc.state = 'expired')::int AS expired,
                  count(*) FILTER (WHERE rc.state = 'cancelled')::int AS cancelled
             FROM footage_request_cameras rc WHERE rc.request_id = r.id) cs
        WHERE ${conditions.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $${p.push(limit)}`,
      p,
    );
    const items = rows.map(({ areaM2, exceedsArea, exceedsWindow, ...r }) => ({
      ...r,
      cameraCount: r.cameraStates.total,
      areaKm2: areaM2 === null ? null : areaM2 / 1e6,
      exceedsLimits: { area: exceedsArea, window: exceedsWindow },
    }));
    const last = items.at(-1);
    return { items, next: items.length === limit && last ? { createdAt: last.createdAt, id: last.id } : null };
  }
}
