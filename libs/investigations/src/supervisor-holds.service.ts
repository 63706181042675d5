import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import type { AuditActor } from '@wardwatch/audit';
import { LegalHoldService, type HoldKind } from '@wardwatch/footage';
import { problem } from '@wardwatch/problems';
import { InvestigationAccess } from './investigation-access';

/** The longest window one manual hold may cover, as for a footage request: a hold is targeted, not a freeze of everything. */
export const MAX_MANUAL_HOLD_WINDOW_MS = 31 * 86_400_000;
/** Clock skew tolerated on a window that starts "now". */
const FUTURE_SLACK_MS = 60_000;

export interface HoldListFilter {
  cameraId?: string;
  investigationId?: string;
  /** true: not lifted; false: lifted; absent: both. */
  active?: boolean;
  kind?: HoldKind;
}

export interface HoldKey {
  placedAt: Date;
  id: string;
}

export interface HoldView {
  id: string;
  kind: HoldKind;
  from: Date;
  until: Date;
  reason: string;
  camera: { id: string; label: string; street: string; houseNumber: string; alley: string | null };
  investigation: { id: string; caseNumber: string } | null;
  footageRequestId: string | null;
  /** The release this hold protects (kind release). */
  releaseId: string | null;
  placedBy: { userId: string; displayName: string } | null;
  placedAt: Date;
  liftedAt: Date | null;
  liftedBy: { userId: string; displayName: string } | null;
  liftReason: string | null;
  /** Active and needed by no live release or pending request: a supervisor may lift it by hand. */
  liftable: boolean;
}

export interface PlaceManualHoldInput {
  cameraId: string;
  from: Date;
  until: Date;
  reason: string;
  investigationId?: string;
}

/**
 * SQL condition "hold `h` still protects something live": a release hold whose release is neither
 * revoked nor expired, or a preservation hold whose camera still waits for a decision in a request
 * that has not run out. Such holds end with their release or request, never by hand.
 */
function holdStillNeededSql(h: string): string {
  return `(EXISTS (SELECT 1 FROM footage_releases rel
                    WHERE rel.hold_id = ${h}.id AND rel.revoked_at IS NULL AND rel.expires_at > now())
        OR EXISTS (SELECT 1 FROM footage_request_cameras rc JOIN footage_requests fr ON fr.id = rc.request_id
                    WHERE rc.preservation_hold_id = ${h}.id AND rc.state IN ('pending_supervisor', 'pending_owner')
                      AND fr.expires_at > now()))`;
}

interface HoldRow {
  id: string;
  kind: HoldKind;
  from: Date;
  until: Date;
  reason: string;
  camera_id: string;
  label: string;
  street: string;
  house_number: string;
  alley: string | null;
  investigation_id: string | null;
  case_number: string | null;
  footage_request_id: string | null;
  release_id: string | null;
  placed_by: string | null;
  placed_by_name: string | null;
  placed_at: Date;
  lifted_at: Date | null;
  lifted_by: string | null;
  lifted_by_name: string | null;
  lift_reason: string | null;
  still_needed: boolean;
}

const HOLD_SELECT = `
  SELECT h.id, h.kind, h."from", h."until", h.reason, h.camera_id, c.label, c.street, c.house_number, c.alley,
         h.investigation_id, i.case_number, h.footage_request_id,
         (SELECT rel.id FROM footage_releases rel WHERE rel.hold_id = h.id LIMIT 1) AS release_id,
         h.placed_by, pu.display_name AS placed_by_name, h.placed_at,
         h.lifted_at, h.lifted_by, lu.display_name AS lifted_by_name, h.lift_reason,
         ${holdStillNeededSql('h')} AS still_needed
    FROM legal_holds h
    JOIN cameras c ON c.id = h.camera_id
    LEFT JOIN investigations i ON i.id = h.investigation_id
    LEFT JOIN users pu ON pu.id = h.placed_by
    LEFT JOIN users lu ON lu.id = h.lifted_by`;

/**
 * The supervisors' side of legal holds: every hold with what it protects, manual holds placed and
 * lifted with a reason (each audited by LegalHoldService in the same transaction). A hold that a
 * live release or a pending request still needs is not lifted by hand: revoking the release, or the
 * request's decision or expiry, ends it.
 */
@Injectable()
export class SupervisorHoldsService {
  constructor(
    private readonly access: InvestigationAccess,
    private readonly holds: LegalHoldService,
  ) {}

  /** Newest placed first, a keyset page after `after` (fetches limit + 1 rows: the extra says there is more). */
  async list(filter: HoldListFilter, after: HoldKey | null, limit: number): Promise<HoldView[]> {
    const params: unknown[] = [];
    const where = ['true'];
    if (filter.cameraId) where.push(`h.camera_id = $${params.push(filter.cameraId)}`);
    if (filter.investigationId) where.push(`h.investigation_id = $${params.push(filter.investigationId)}`);
    if (filter.kind) where.push(`h.kind = $${params.push(filter.kind)}`);
    if (filter.active === true) where.push('h.lifted_at IS NULL');
    if (filter.active === false) where.push('h.lifted_at IS NOT NULL');
    if (after) where.push(`(h.placed_at, h.id) < ($${params.push(after.placedAt)}, $${params.push(after.id)}::uuid)`);
    const rows = await this.access.manager.query<HoldRow[]>(
      `${HOLD_SELECT} WHERE ${where.join(' AND ')} ORDER BY h.placed_at DESC, h.id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return rows.map(holdView);
  }

  async get(id: string, m: EntityManager = this.access.manager): Promise<HoldView> {
    const [row] = await m.query<HoldRow[]>(`${HOLD_SELECT} WHERE h.id = $1`, [id]);
    if (!row) throw problem('legal_hold.not_found', `legal hold ${id} does not exist`);
    return holdView(row);
  }

  /** A manual hold on one camera's window, optionally for an (open) investigation. */
  async placeManual(user: Principal, input: PlaceManualHoldInput): Promise<HoldView> {
    checkHoldWindow(input.from, input.until);
    const id = await this.access.transaction(async (m) => {
      const [camera] = await m.query<{ id: string }[]>(`SELECT id FROM cameras WHERE id = $1`, [input.cameraId]);
      if (!camera)
        throw problem('camera.not_found', `camera ${input.cameraId} does not exist; GET /wards/{id}/cameras lists a ward's cameras`);
      if (input.investigationId) {
        // Shared lock: the investigation cannot close (and lift its holds) while this one is placed.
        const investigation = await this.access.load(input.investigationId, m, 'share');
        this.access.assertOpen(investigation);
      }
      const hold = await this.holds.place(
        {
          cameraId: input.cameraId,
          from: input.from,
          until: input.until,
          kind: 'manual',
          reason: input.reason,
          investigationId: input.investigationId ?? null,
        },
        actorOf(user),
        m,
      );
      return hold.id;
    });
    return this.get(id);
  }

  /** Lifts a hold by hand: a manual one, or one whose release or request has ended. */
  async lift(user: Principal, id: string, reason: string): Promise<HoldView> {
    await this.access.transaction(async (m) => {
      const [row] = await m.query<
        { id: string; kind: HoldKind; lifted_at: Date | null; still_needed: boolean; release_id: string | null }[]
      >(
        `SELECT h.id, h.kind, h.lifted_at, ${holdStillNeededSql('h')} AS still_needed,
                (SELECT rel.id FROM footage_releases rel WHERE rel.hold_id = h.id LIMIT 1) AS release_id
           FROM legal_holds h WHERE h.id = $1 FOR UPDATE OF h`,
        [id],
      );
      if (!row) throw problem('legal_hold.not_found', `legal hold ${id} does not exist`);
      if (row.lifted_at)
        throw problem('legal_hold.already_lifted', `legal hold ${id} was already lifted at ${row.lifted_at.toISOString()}`);
      if (row.kind !== 'manual' && row.still_needed) {
        throw problem(
          'legal_hold.still_needed',
          row.kind === 'release'
            ? `legal hold ${id} protects live release ${row.release_id}: revoke the release (POST /releases/${row.release_id}/revoke), which lifts its hold`
            : `legal hold ${id} preserves footage for a request still being decided: it lifts when the request is decided or expires`,
          { kind: row.kind, releaseId: row.release_id },
        );
      }
      await this.holds.lift(id, actorOf(user), reason, m);
    });
    return this.get(id);
  }
}

/** until after from; from not in the future (a hold keeps what exists); at most MAX_MANUAL_HOLD_WINDOW_MS. */
export function checkHoldWindow(from: Date, until: Date, now = Date.now()): void {
  if (until.getTime() <= from.getTime())
    throw problem('legal_hold.invalid_window', `until (${until.toISOString()}) must be after from (${from.toISOString()})`);
  if (from.getTime() > now + FUTURE_SLACK_MS)
    throw problem('legal_hold.invalid_window', 'from is in the future: a hold keeps footage that exists; start it now or earlier');
  if (until.getTime() - from.getTime() > MAX_MANUAL_HOLD_WINDOW_MS)
    throw problem(
      'legal_hold.invalid_window',
      `a manual hold covers at most ${MAX_MANUAL_HOLD_WINDOW_MS / 86_400_000} days; place several holds for a longer stretch`,
    );
}

const actorOf = (user: Principal): AuditActor => ({ userId: user.userId, role: user.role });

function holdView(row: HoldRow): HoldView {
  return {
    id: row.id,
    kind: row.kind,
    from: row.from,
    until: row.until,
    reason: row.reason,
    camera: { id: row.camera_id, label: row.label, street: row.street, houseNumber: row.house_number, alley: row.alley },
    investigation: row.investigation_id ? { id: row.investigation_id, caseNumber: row.case_number ?? '' } : null,
    footageRequestId: row.footage_request_id,
    releaseId: row.release_id,
    placedBy: row.placed_by ? { userId: row.placed_by, displayName: row.placed_by_name ?? '' } : null,
    placedAt: row.placed_at,
    liftedAt: row.lifted_at,
    liftedBy: row.lifted_by ? { userId: row.lifted_by, displayName: row.lifted_by_name ?? '' } : null,
    liftReason: row.lift_reason,
    liftable: row.lifted_at === null && (row.kind === 'manual' || !row.still_needed),
  };
}
