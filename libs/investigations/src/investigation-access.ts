import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Principal } from '@wardwatch/accounts';
import { problem } from '@wardwatch/problems';
import { InvestigationEntity } from './investigation.entity';
import { InvestigationMemberEntity } from './investigation-member.entity';

/**
 * Who may touch an investigation. Members act on it (file requests, see and fetch released footage);
 * supervisors oversee every investigation (read it, decide its requests, close it) without being
 * members, but fetching footage is for members only, whatever the role.
 */
@Injectable()
export class InvestigationAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * The investigation, or 404. `lock` 'share' keeps it from closing while a request is filed or
   * decided; 'update' is for closing it.
   */
  async load(id: string, manager?: EntityManager, lock?: 'share' | 'update'): Promise<InvestigationEntity> {
    const qb = (manager ?? this.dataSource.manager).getRepository(InvestigationEntity).createQueryBuilder('i').where('i.id = :id', { id });
    if (lock) qb.setLock(lock === 'share' ? 'pessimistic_read' : 'pessimistic_write');
    const investigation = await qb.getOne();
    if (!investigation) throw problem('investigation.not_found', `investigation ${id} does not exist`);
    return investigation;
  }

  /** A member now (not removed); with `includeFormer`, anyone who ever was one. */
  async isMember(investigationId: string, userId: string, manager?: EntityManager, includeFormer = false): Promise<boolean> {
    return (manager ?? this.dataSource.manager)
      .getRepository(InvestigationMemberEntity)
      .exists({ where: { investigationId, userId, ...(includeFormer ? {} : { removedAt: IsNull() }) } });
  }

  /** Only members act on an investigation. */
  async assertMember(investigation: InvestigationEntity, user: Principal, manager?: EntityManager): Promise<void> {
    if (!(await this.isMember(investigation.id, user.userId, manager))) {
      throw problem(
        'investigation.not_member',
        `you are not a member of investigation ${investigation.caseNumber}; ask its lead officer to add you`,
      );
    }
  }

  /** Members read an investigation and its requests; supervisors read every investigation. */
  async assertCanRead(investigation: InvestigationEntity, user: Principal, manager?: EntityManager): Promise<void> {
    if (user.role === 'supervisor') return;
    await this.assertMember(investigation, user, manager);
  }

  assertOpen(investigation: InvestigationEntity): void {
    if (investigation.status !== 'open') {
      throw problem(
        'investigation.closed',
        `investigation ${investigation.caseNumber} was closed at ${investigation.closedAt?.toISOString()}`,
      );
    }
  }
}
