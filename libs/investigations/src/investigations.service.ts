import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { AuditService, type AuditActor } from '@wardwatch/audit';
import { LegalHoldService } from '@wardwatch/footage';
import { problem } from '@wardwatch/problems';
import { FootageRequestsService, type Page, type PageKey, type RequestView } from './footage-requests.service';
import { InvestigationAccess } from './investigation-access';
import { InvestigationMemberEntity } from './investigation-member.entity';
import { InvestigationEntity } from './investigation.entity';
import type { InvestigationStatus } from './investigation.types';
import { ReleasesService, type EvidenceClip } from './releases.service';

export interface InvestigationSummary {
  id: string;
  caseNumber: string;
  title: string;
  status: InvestigationStatus;
  leadOfficerId: string;
  lead: { userId: string; displayName: string };
  openedAt: Date;
  closedAt: Date | null;
}

/** How many of an investigation's footage requests are in each state (the request as a whole). */
export type RequestStateCounts = Record<
  'total' | 'pendingSupervisor' | 'pendingOwner' | 'released' | 'partiallyReleased' | 'declined' | 'expired' | 'cancelled',
  number
>;

/** An item of the investigations list: the summary and its requests counted by state. */
export interface InvestigationListItem extends InvestigationSummary {
  requests: RequestStateCounts;
}

export interface InvestigationMemberView {
  userId: string;
  displayName: string;
  role: string;
  addedBy: string;
  addedAt: Date;
}

export interface InvestigationView extends InvestigationSummary {
  summary: string;
  closedBy: string | null;
  closeReason: string | null;
  members: InvestigationMemberView[];
}

/** What the evidence export packages for an investigation (or one of its requests). */
export interface InvestigationEvidence {
  investigation: InvestigationView;
  requests: RequestView[];
  clips: EvidenceClip[];
}

const actorOf = (user: Principal): AuditActor => ({ userId: user.userId, role: user.role });
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/** Investigations: opened by an officer (its lead and first member), staffed by members, closed by a supervisor. */
@Injectable()
export class InvestigationsService {
  constructor(
    private readonly access: InvestigationAccess,
    private readonly requests: FootageRequestsService,
    private readonly releases: ReleasesService,
    private readonly holds: LegalHoldService,
    private readonly audit: AuditService,
  ) {}

  async open(user: Principal, input: { caseNumber: string; title: string; summary: string }): Promise<InvestigationView> {
    try {
      const id = await this.access.transaction(async (m) => {
        const repo = m.getRepository(InvestigationEntity);
        const investigation = await repo.save(
          repo.create({
            caseNumber: input.caseNumber,
            title: input.title,
            summary: input.summary,
            status: 'open',
            leadOfficerId: user.userId,
          }),
        );
        await m
          .getRepository(InvestigationMemberEntity)
          .insert({ investigationId: investigation.id, userId: user.userId, addedBy: user.userId });
        await this.audit.record(
          {
            actor: actorOf(user),
            action: 'investigation.opened',
            subject: { type: 'investigation', id: investigation.id },
            investigationId: investigation.id,
            details: { caseNumber: input.caseNumber, title: input.title },
          },
          m,
        );
        return investigation.id;
      });
      return this.view(id);
    } catch (e) {
      if (isUniqueViolation(e))
        throw problem('investigation.case_number_taken', `case number ${input.caseNumber} already has an investigation`);
      throw e;
    }
  }

  /** Officers: the investigations they are members of; supervisors: all. Newest first. */
  async list(
    user: Principal,
    q: { status?: InvestigationStatus; after?: PageKey | null; limit: number },
  ): Promise<Page<InvestigationListItem>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (user.role !== 'supervisor') {
      where.push(
        `EXISTS (SELECT 1 FROM investigation_members m
                  WHERE m.investigation_id = i.id AND m.user_id = $${params.push(user.userId)} AND m.removed_at IS NULL)`,
      );
    }
    if (q.status) where.push(`i.status = $${params.push(q.status)}`);
    if (q.after) where.push(`(i.opened_at, i.id) < ($${params.push(q.after.createdAt)}, $${params.push(q.after.id)})`);
    // One query: the page of investigations, each lead's name and the page's requests counted by state
    // (the lateral count reads idx_footage_requests_investigation per investigation of the page).
    const items = await this.access.manager.query<InvestigationListItem[]>(
      `SELECT i.id, i.case_number AS "caseNumber", i.title, i.status, i.lead_officer_id AS "leadOfficerId",
              json_build_object('userId', u.id, 'displayName', u.display_name) AS lead,
              json_build_object(
                'total', rq.total, 'pendingSupervisor', rq.pending_supervisor, 'pendingOwner', rq.pending_owner,
                'released', rq.released, 'partiallyReleased', rq.partially_released, 'declined', rq.declined,
                'expired', rq.expired, 'cancelled', rq.cancelled) AS requests,
              i.opened_at AS "openedAt", i.closed_at AS "closedAt"
         FROM investigations i
         JOIN users u ON u.id = i.lead_officer_id
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE r.state = 'pending_supervisor')::int AS pending_supervisor,
                  count(*) FILTER (WHERE r.state = 'pending_owner')::int AS pending_owner,
                  count(*) FILTER (WHERE r.state = 'released')::int AS released,
                  count(*) FILTER (WHERE r.state = 'partially_released')::int AS partially_released,
                  count(*) FILTER (WHERE r.state = 'declined')::int AS declined,
                  count(*) FILTER (WHERE r.state = 'expired')::int AS expired,
                  count(*) FILTER (WHERE r.state = 'cancelled')::int AS cancelled
             FROM footage_requests r WHERE r.investigation_id = i.id) rq
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY i.opened_at DESC, i.id DESC
        LIMIT $${params.push(q.limit)}`,
      params,
    );
    const last = items.at(-1);
    return { items, next: items.length === q.limit && last ? { createdAt: last.openedAt, id: last.id } : null };
  }

  async get(user: Principal, id: string): Promise<InvestigationView> {
    await this.access.assertCanRead(await this.access.load(id), user);
    return this.view(id);
  }

  /**
   * A member adds an officer or supervisor. Adding a removed member again clears the removal; the row
   * keeps when they were first added (only the removal columns are writable), the audit log has the rest.
   */
  async addMember(user: Principal, id: string, userId: string): Promise<InvestigationView> {
    await this.access.transaction(async (m) => {
      const investigation = await this.access.load(id, m, 'share');
      await this.access.assertMember(investigation, user, m);
      this.access.assertOpen(investigation);
      const [target] = await m.query<{ role: string; status: string }[]>(`SELECT role, status FROM users WHERE id = $1`, [userId]);
      if (!target) throw problem('account.not_found', `user ${userId} does not exist`);
      if (target.role !== 'officer' && target.role !== 'supervisor') {
        throw problem(
          'investigation.member_not_eligible',
          `user ${userId} is a ${target.role}; only officers and supervisors can be members`,
        );
      }
      if (target.status !== 'active') throw problem('investigation.member_not_eligible', `user ${userId} is ${target.status}`);
      const inserted = await m.query<{ readded: boolean }[]>(
        `INSERT INTO investigation_members AS im (investigation_id, user_id, added_by) VALUES ($1, $2, $3)
         ON CONFLICT (investigation_id, user_id) DO UPDATE SET removed_at = NULL, removed_by = NULL
           WHERE im.removed_at IS NOT NULL
         RETURNING (xmax <> 0) AS readded`,
        [id, userId, user.userId],
      );
      if (inserted.length === 0)
        throw problem('investigation.already_member', `user ${userId} is already a member of investigation ${investigation.caseNumber}`);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'investigation.member_added',
          subject: { type: 'user', id: userId },
          investigationId: id,
          details: { role: target.role, ...(inserted[0].readded ? { readded: true } : {}) },
        },
        m,
      );
    });
    return this.view(id);
  }

  /**
   * The lead officer or a supervisor removes a member: the row stays with who removed them and when
   * (the record of who had access), and from now on they act on the investigation no more. The lead
   * cannot be removed; hand the lead over first.
   */
  async removeMember(user: Principal, id: string, userId: string): Promise<InvestigationView> {
    await this.access.transaction(async (m) => {
      const investigation = await this.access.load(id, m, 'update');
      this.assertLeadOrSupervisor(investigation, user, 'remove members');
      this.access.assertOpen(investigation);
      if (investigation.leadOfficerId === userId) {
        throw problem(
          'investigation.lead_cannot_be_removed',
          `user ${userId} leads investigation ${investigation.caseNumber}; hand the lead over to another member first (POST /investigations/${id}/lead)`,
        );
      }
      // TypeORM answers an UPDATE with [rows, count].
      const [removed] = await m.query<[{ role: string }[], number]>(
        `UPDATE investigation_members im SET removed_at = now(), removed_by = $3
           FROM users u
          WHERE im.investigation_id = $1 AND im.user_id = $2 AND im.removed_at IS NULL AND u.id = im.user_id
          RETURNING u.role`,
        [id, userId, user.userId],
      );
      if (removed.length === 0) {
        throw problem('investigation.member_not_found', `user ${userId} is not a member of investigation ${investigation.caseNumber}`);
      }
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'investigation.member_removed',
          subject: { type: 'user', id: userId },
          investigationId: id,
          details: { role: removed[0].role },
        },
        m,
      );
    });
    return this.view(id);
  }

  /**
   * The lead officer or a supervisor hands the lead to another member, an active officer or
   * supervisor. The former lead stays a member.
   */
  async handOverLead(user: Principal, id: string, userId: string): Promise<InvestigationView> {
    await this.access.transaction(async (m) => {
      const investigation = await this.access.load(id, m, 'update');
      this.assertLeadOrSupervisor(investigation, user, 'hand over the lead');
      this.access.assertOpen(investigation);
      if (investigation.leadOfficerId === userId) {
        throw problem('investigation.lead_not_eligible', `user ${userId} already leads investigation ${investigation.caseNumber}`);
      }
      const [target] = await m.query<{ role: string; status: string; member: boolean }[]>(
        `SELECT u.role, u.status,
                EXISTS (SELECT 1 FROM investigation_members im
                         WHERE im.investigation_id = $1 AND im.user_id = u.id AND im.removed_at IS NULL) AS member
           FROM users u WHERE u.id = $2`,
        [id, userId],
      );
      if (!target?.member) {
        throw problem(
          'investigation.lead_not_eligible',
          `user ${userId} is not a member of investigation ${investigation.caseNumber}; add them as a member first`,
        );
      }
      if (target.role !== 'officer' && target.role !== 'supervisor') {
        throw problem('investigation.lead_not_eligible', `user ${userId} is a ${target.role}; only officers and supervisors can lead`);
      }
      if (target.status !== 'active') throw problem('investigation.lead_not_eligible', `user ${userId} is ${target.status}`);
      const previous = investigation.leadOfficerId;
      investigation.leadOfficerId = userId;
      await m.getRepository(InvestigationEntity).save(investigation);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'investigation.lead_handed_over',
          subject: { type: 'user', id: userId },
          investigationId: id,
          details: { from: previous, to: userId },
        },
        m,
      );
    });
    return this.view(id);
  }

  private assertLeadOrSupervisor(investigation: InvestigationEntity, user: Principal, what: string): void {
    if (user.role === 'supervisor' || investigation.leadOfficerId === user.userId) return;
    throw problem(
      'investigation.not_lead',
      `only the lead officer of investigation ${investigation.caseNumber} or a supervisor can ${what}; ask its lead officer`,
    );
  }

  /**
   * A supervisor closes an investigation: its pending requests are cancelled, its releases revoked
   * and every legal hold it placed lifted, so retention applies to the footage again.
   */
  async close(user: Principal, id: string, reason: string): Promise<InvestigationView> {
    await this.access.transaction(async (m) => {
      const investigation = await this.access.load(id, m, 'update');
      this.access.assertOpen(investigation);
      const actor = actorOf(user);
      const cancelled = await this.requests.cancelPendingFor(m, id, actor);
      const revoked = await this.releases.revokeAllFor(m, investigation, actor, `investigation closed: ${reason}`);
      const holds = await m.query<{ id: string }[]>(
        `SELECT id FROM legal_holds WHERE investigation_id = $1 AND lifted_at IS NULL ORDER BY placed_at FOR UPDATE`,
        [id],
      );
      for (const hold of holds) await this.holds.lift(hold.id, actor, `investigation ${investigation.caseNumber} closed`, m);
      investigation.status = 'closed';
      investigation.closedAt = new Date();
      investigation.closedBy = user.userId;
      investigation.closeReason = reason;
      await m.getRepository(InvestigationEntity).save(investigation);
      await this.audit.record(
        {
          actor,
          action: 'investigation.closed',
          subject: { type: 'investigation', id },
          investigationId: id,
          details: { reason, cancelledRequests: cancelled, revokedReleases: revoked, liftedHolds: holds.length },
        },
        m,
      );
    });
    return this.view(id);
  }

  /**
   * For the evidence export: the investigation, its requests with every decision and approval, and
   * the clips its live releases cover (optionally one request's), with hashes and object keys.
   * No access check here: the caller checks membership (and audits the export).
   */
  async evidence(investigationId: string, requestId?: string, clipLimit?: number | null): Promise<InvestigationEvidence> {
    const m = this.access.manager;
    const investigation = await this.view(investigationId);
    const requests = (await this.requests.viewsForInvestigation(m, investigationId)).filter((r) => !requestId || r.id === requestId);
    if (requestId && requests.length === 0)
      throw problem('footage_request.not_found', `footage request ${requestId} is not part of this investigation`);
    return { investigation, requests, clips: await this.releases.evidenceClips(m, investigationId, requestId, clipLimit) };
  }

  private async view(id: string): Promise<InvestigationView> {
    const i = await this.access.load(id);
    const members = await this.access.manager.query<InvestigationMemberView[]>(
      `SELECT m.user_id AS "userId", u.display_name AS "displayName", u.role, m.added_by AS "addedBy", m.added_at AS "addedAt"
         FROM investigation_members m JOIN users u ON u.id = m.user_id
        WHERE m.investigation_id = $1 AND m.removed_at IS NULL ORDER BY m.added_at, m.user_id`,
      [id],
    );
    const [lead] = await this.access.manager.query<{ displayName: string }[]>(
      `SELECT display_name AS "displayName" FROM users WHERE id = $1`,
      [i.leadOfficerId],
    );
    return {
      id: i.id,
      caseNumber: i.caseNumber,
      title: i.title,
      summary: i.summary,
      status: i.status,
      leadOfficerId: i.leadOfficerId,
      lead: { userId: i.leadOfficerId, displayName: lead.displayName },
      openedAt: i.openedAt,
      closedAt: i.closedAt,
      closedBy: i.closedBy,
      closeReason: i.closeReason,
      members,
    };
  }
}
