import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditQuery } from './audit.types';

/** Any fixed 64-bit key works; this one spells "WARDAUDT" so that it is recognisable in pg_locks. */
export const AUDIT_APPEND_LOCK_KEY = '6287397007893283924';

/** Data access for the audit chain. Only appends and reads: there is no update or delete path. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    // READ COMMITTED: each statement after the lock sees the head committed by the previous holder.
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  async isolationLevel(manager: EntityManager): Promise<string> {
    const rows: { transaction_isolation: string }[] = await manager.query('SHOW transaction_isolation');
    return rows[0].transaction_isolation;
  }

  /** Serialises appends across every process until the caller's transaction ends. */
  async lockForAppend(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_APPEND_LOCK_KEY]);
  }

  async head(manager: EntityManager): Promise<{ seq: string; hash: string } | null> {
    const rows: { seq: string; hash: string }[] = await manager.query(
      // Order by the bigint column, not the text alias (as text, '9' sorts after '10').
      'SELECT e.seq::text AS seq, e.hash FROM audit_entries e ORDER BY e.seq DESC LIMIT 1',
    );
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, entry: AuditEntryEntity): Promise<void> {
    // One INSERT; save() would first SELECT by primary key. The cast: TypeORM's partial type cannot express jsonb records.
    await manager.insert(AuditEntryEntity, entry as QueryDeepPartialEntity<AuditEntryEntity>);
  }

  /**
   * Identifies this database for its anchor: name plus OID, so a database dropped and created
   * again (a developer's reset) starts a new anchor instead of failing against the old one, while
   * any rewrite inside the same database is still checked against it.
   */
  async databaseIdentity(): Promise<string> {
    const rows = await this.dataSource.query<{ name: string; oid: string }[]>(
      'SELECT current_database() AS name, oid::text AS oid FROM pg_database WHERE datname = current_database()',
    );
    return `${rows[0].name}-${rows[0].oid}`;
  }

  async hashAt(seq: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ hash: string }[]>('SELECT hash FROM audit_entries WHERE seq = $1', [seq]);
    return rows[0]?.hash ?? null;
  }

  /** A page of the chain in order, for verification (keyset on seq). */
  chainPage(afterSeq: string, limit: number): Promise<AuditEntryEntity[]> {
    return this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.seq > :afterSeq', { afterSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  find(query: AuditQuery): Promise<AuditEntryEntity[]> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    if (query.actorId) qb.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.cameraId) qb.andWhere('e.cameraId = :cameraId', { cameraId: query.cameraId });
    if (query.investigationId) qb.andWhere('e.investigationId = :inv', { inv: query.investigationId });
    if (query.from) qb.andWhere('e.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.at < :to', { to: query.to });
    if (query.beforeSeq) qb.andWhere('e.seq < :beforeSeq', { beforeSeq: query.beforeSeq });
    return qb.orderBy('e.seq', 'DESC').limit(query.limit).getMany();
  }
}
