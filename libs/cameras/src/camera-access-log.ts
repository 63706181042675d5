import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@wardwatch/audit';

/**
 * What a camera's owner sees of the audit log: an allow-list, never "every entry that names the
 * camera". Left out on purpose: `hold.*` and `footage_request.filed` / `supervisor_*` (a request
 * a supervisor has not approved, or rejected, must not reach the owner: they could be the suspect),
 * `clip.*` (the service's own bookkeeping), and anything added later until someone decides it here.
 */
export const OWNER_VISIBLE_ACTIONS = [
  // The owner's own actions on the camera, and attempts by someone else to enrol it.
  'camera.enrolled',
  'camera.probed',
  'camera.probe_failed',
  'camera.credentials_changed',
  'camera.clip_settings_changed',
  'camera.enrolment_refused',
  'camera.updated',
  'camera.removed',
  // The owner looking through their own camera (a snapshot), so an account taken over shows here too.
  'camera.snapshot_viewed',
  'camera.snapshot_failed',
  'consent.given',
  'consent.changed',
  'consent.paused',
  'consent.resumed',
  'consent.withdrawn',
  // Police access: searches that returned the camera, owner decisions, releases, links, exports.
  'search.performed',
  'footage_request.owner_approved',
  'footage_request.owner_declined',
  'footage.released',
  'footage.release_revoked',
  'footage.release_expired',
  'link.issued',
  // Each time a released clip's link was really opened (a link.issued says only that one was made).
  'link.opened',
  'evidence.export_started',
  'evidence.exported',
  'evidence.export_failed',
] as const;
export type OwnerVisibleAction = (typeof OWNER_VISIBLE_ACTIONS)[number];

export const ACCESS_LOG_MAX_PAGE = 200;

/** One line of the owner's access log. */
export interface AccessLogEntry {
  /** Position in the audit chain: the cursor, and what a complaint can cite. */
  seq: string;
  at: Date;
  action: OwnerVisibleAction;
  /** Who: a name and role; no account ids. Another resident who tried to enrol the camera stays unnamed. */
  actor: { name: string | null; role: string };
  /** Why: the investigation it was for (case number), when one was named and exists. */
  purpose: { investigationCaseNumber: string | null; reason: string | null };
  /** What, limited per action to what concerns this camera (a search's other cameras are never shown). */
  details: Record<string, unknown>;
}

export interface AccessLogRow {
  seq: string;
  at: Date;
  action: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_name: string | null;
  subject_id: string | null;
  case_number: string | null;
  details: Record<string, unknown>;
}

const pick = (details: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => details[k] !== undefined).map((k) => [k, details[k]]));

/** The fields of each action's details an owner may see. */
const VISIBLE_DETAILS: Record<OwnerVisibleAction, readonly string[]> = {
  'camera.enrolled': ['label', 'onvif', 'device', 'profile'],
  'camera.probed': ['device', 'profile', 'clockOffsetMs'],
  'camera.probe_failed': ['failure'],
  'camera.credentials_changed': ['device', 'profile'],
  'camera.clip_settings_changed': ['before', 'after'],
  'camera.enrolment_refused': ['matched'],
  'camera.updated': ['changes'],
  'camera.removed': ['consentWithdrawn'],
  'camera.snapshot_viewed': ['source', 'bytes'],
  'camera.snapshot_failed': ['failure'],
  'consent.given': ['version', 'state', 'purposes', 'retentionDays', 'sharingMode', 'activeHours', 'notice', 'method'],
  'consent.changed': ['version', 'state', 'purposes', 'retentionDays', 'sharingMode', 'activeHours', 'notice', 'method'],
  'consent.paused': ['version', 'state'],
  'consent.resumed': ['version', 'state'],
  'consent.withdrawn': ['version', 'state'],
  'search.performed': ['place', 'from', 'to'],
  'footage_request.owner_approved': ['note'],
  'footage_request.owner_declined': ['note'],
  'footage.released': ['basis', 'windowFrom', 'windowTo', 'expiresAt'],
  'footage.release_revoked': ['reason'],
  'footage.release_expired': [],
  'link.issued': ['kind', 'asset', 'expiresAt'],
  'link.opened': ['kind', 'asset'],
  'evidence.export_started': ['exportedAt'],
  'evidence.exported': ['exportedAt'],
  'evidence.export_failed': [],
};

/** The owner's view of one audit entry (pure: unit-tested). */
export function toAccessLogEntry(row: AccessLogRow, ownerId: string): AccessLogEntry {
  const action = row.action as OwnerVisibleAction;
  const details = pick(row.details ?? {}, VISIBLE_DETAILS[action] ?? []);
  if ((action === 'link.issued' || action === 'link.opened') && row.subject_id) details.clipId = row.subject_id;
  // A resident other than the owner is someone who tried to enrol this camera: the owner learns
  // that it happened (and an administrator who it was), not the neighbour's name.
  const otherResident = row.actor_role === 'resident' && row.actor_id !== ownerId;
  const name = row.actor_role === 'system' || row.actor_id === null ? 'wardwatch (automatic)' : otherResident ? null : row.actor_name;
  const reason = typeof row.details?.reason === 'string' && action === 'footage.release_revoked' ? row.details.reason : null;
  return {
    seq: row.seq,
    at: row.at,
    action,
    actor: { name, role: row.actor_role ?? 'system' },
    purpose: { investigationCaseNumber: row.case_number, reason },
    details,
  };
}

export interface EnrolmentConflict {
  seq: string;
  at: Date;
  /** The resident who tried: administrators see who it was. */
  attemptedBy: { id: string | null; name: string | null; email: string | null };
  /** The enrolment that already holds the device or address. */
  cameraId: string | null;
  owner: { id: string | null; name: string | null };
  matched: unknown;
  target: unknown;
}

/**
 * Reads of the audit log for one camera's owner, and the enrolment conflicts for administrators.
 * The owner's log walks `audit_entry_cameras` (camera_id, seq) backwards: one index range per page
 * however many searches returned the camera, so it is paged by a cursor with no cap.
 */
@Injectable()
export class CameraAccessLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async page(
    cameraId: string,
    ownerId: string,
    query: { before?: string; limit: number },
  ): Promise<{ items: AccessLogEntry[]; nextSeq: string | null }> {
    const limit = Math.min(Math.max(query.limit, 1), ACCESS_LOG_MAX_PAGE);
    // A search that returned the camera a moment ago is queued, sealed just after it answered.
    await this.audit.settle();
    const rows = await this.dataSource.query<AccessLogRow[]>(
      `SELECT e.seq::text AS seq, e.at, e.action, e.actor_id, e.actor_role, u.display_name AS actor_name, e.subject_id,
              i.case_number, e.details
         FROM audit_entry_cameras ac
         JOIN audit_entries e ON e.seq = ac.seq
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN investigations i ON i.id = e.investigation_id
        WHERE ac.camera_id = $1 AND ($2::bigint IS NULL OR ac.seq < $2::bigint) AND e.action = ANY($3::varchar[])
        ORDER BY ac.seq DESC
        LIMIT $4`,
      [cameraId, query.before ?? null, OWNER_VISIBLE_ACTIONS, limit + 1],
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map((r) => toAccessLogEntry(r, ownerId));
    return { items, nextSeq: more ? items[items.length - 1].seq : null };
  }

  /** Refused enrolments of a device or address someone else had enrolled, newest first. */
  async conflicts(query: { before?: string; limit: number }): Promise<{ items: EnrolmentConflict[]; nextSeq: string | null }> {
    const limit = Math.min(Math.max(query.limit, 1), ACCESS_LOG_MAX_PAGE);
    const rows = await this.dataSource.query<
      {
        seq: string;
        at: Date;
        actor_id: string | null;
        actor_name: string | null;
        actor_email: string | null;
        camera_id: string | null;
        owner_id: string | null;
        owner_name: string | null;
        details: Record<string, unknown>;
      }[]
    >(
      `SELECT e.seq::text AS seq, e.at, e.actor_id, u.display_name AS actor_name, u.email AS actor_email, e.camera_id,
              c.owner_id, o.display_name AS owner_name, e.details
         FROM audit_entries e
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN cameras c ON c.id = e.camera_id
         LEFT JOIN users o ON o.id = c.owner_id
        WHERE e.action = 'camera.enrolment_refused' AND ($1::bigint IS NULL OR e.seq < $1::bigint)
        ORDER BY e.seq DESC
        LIMIT $2`,
      [query.before ?? null, limit + 1],
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map((r) => ({
      seq: r.seq,
      at: r.at,
      attemptedBy: { id: r.actor_id, name: r.actor_name, email: r.actor_email },
      cameraId: r.camera_id,
      owner: { id: r.owner_id, name: r.owner_name },
      matched: r.details.matched ?? null,
      target: r.details.target ?? null,
    }));
    return { items, nextSeq: more ? items[items.length - 1].seq : null };
  }
}
