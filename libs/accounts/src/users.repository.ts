import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role, UserStatus } from './roles';
import { UserEntity } from './user.entity';

export interface UserListQuery {
  role?: Role;
  status?: UserStatus;
  /** Keyset cursor: users created after this id's row (ordered by created_at, id). */
  after?: { createdAt: Date; id: string };
  limit: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  /** `lock`: FOR UPDATE, so two admins' changes to one account are serialised (inside a transaction). */
  findById(id: string, manager?: EntityManager, lock = false): Promise<UserEntity | null> {
    if (!lock) return this.repo(manager).findOneBy({ id });
    return this.repo(manager).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo().findOneBy({ email });
  }

  async insert(manager: EntityManager, user: Partial<UserEntity>): Promise<UserEntity> {
    return this.repo(manager).save(this.repo(manager).create(user));
  }

  /** Swaps the hash only if it is still the one verified (a password change meanwhile wins). */
  async replacePasswordHash(id: string, verified: string, replacement: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, [id, verified, replacement]);
  }

  async save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return this.repo(manager).save(user);
  }

  /** `status` null: accounts of that role in any status. */
  countByRole(role: Role, status: UserStatus | null = 'active', manager?: EntityManager): Promise<number> {
    return this.repo(manager).countBy(status === null ? { role } : { role, status });
  }

  list(query: UserListQuery): Promise<UserEntity[]> {
    const qb = this.repo().createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.after) {
      qb.andWhere('(u.createdAt, u.id) > (:createdAt, :id)', query.after);
    }
    return qb.orderBy('u.createdAt', 'ASC').addOrderBy('u.id', 'ASC').limit(query.limit).getMany();
  }
}
