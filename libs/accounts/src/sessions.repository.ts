import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { SessionEntity } from './session.entity';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(SessionEntity);
  }

  insert(
    session: Pick<SessionEntity, 'userId' | 'tokenHash' | 'expiresAt' | 'userAgent'>,
    manager?: EntityManager,
  ): Promise<SessionEntity> {
    return this.repo(manager).save(this.repo(manager).create({ ...session, revokedAt: null }));
  }

  findByTokenHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.repo().findOneBy({ tokenHash });
  }

  /** Revokes one session; true when it was still live. */
  async revoke(id: string, at: Date, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Revokes every live session of the user except `keep` (the one changing the password). */
  async revokeAllOf(userId: string, at: Date, keep: string | null, manager?: EntityManager): Promise<number> {
    const where = keep ? { userId, revokedAt: IsNull(), id: Not(keep) } : { userId, revokedAt: IsNull() };
    const result = await this.repo(manager).update(where, { revokedAt: at });
    return result.affected ?? 0;
  }
}
