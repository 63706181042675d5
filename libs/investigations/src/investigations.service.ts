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
  openedAt: Date;
  closedAt: Date | null;
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
  ): Promise<Page<InvestigationSummary>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (user.role !== 'supervisor') {
      where.push(
        `EXISTS (SELECT 1 FROM investigation_members m WHERE m.investigation_id = i.id AND m.user_id = $${params.push(user.userId)})`,
      );
    }
    if (q.status) where.push(`i.status = $${params.push(q.status)}`);
    if (q.after) where.push(`(i.opened_at, i.id) < ($${params.push(q.after.createdAt)}, $${params.push(q.after.id)})`);
    const items = await this.access.manager.query<InvestigationSummary[]>(
      `SELECT i.id, i.case_number AS "caseNumber", i.title, i.status, i.lead_officer_id AS "leadOfficerId",
              i.opened_at AS "openedAt", i.closed_at AS "closedAt"
         FROM investigations i
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

  /** A member adds an officer or supervisor; members are never removed (the record shows who had access). */
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
      const inserted = await m.query<unknown[]>(
        `INSERT INTO investigation_members (investigation_id, user_id, added_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING user_id`,
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
          details: { role: target.role },
        },
        m,
      );
    });
    return this.view(id);
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
        WHERE m.investigation_id = $1 ORDER BY m.added_at, m.user_id`,
      [id],
    );
    return {
      id: i.id,
      caseNumber: i.caseNumber,
      title: i.title,
      summary: i.summary,
      status: i.status,
      leadOfficerId: i.leadOfficerId,
      openedAt: i.openedAt,
      closedAt: i.closedAt,
      closedBy: i.closedBy,
      closeReason: i.closeReason,
      members,
    };
  }
}
