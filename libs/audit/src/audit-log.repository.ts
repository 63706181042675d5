import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntryEntity } from './audit-entry.entity';
import { ANY_WARD, type AuditRef } from './audit-refs';
import { AuditEntryView, AuditFilter, AuditHead, AuditQuery } from './audit.types';

/** An entry's content as queued: everything hashed except seq and prev_hash, plus the cameras to index. */
export interface QueuedAuditContent {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  cameraId: string | null;
  investigationId: string | null;
  details: Record<string, unknown>;
  cameraIds: string[];
}

export interface QueuedAuditRow extends QueuedAuditContent {
  queueId: string;
}

/** A queued row once chained: the entry and what the seal indexes it under. */
export interface SealedAuditEntry {
  queueId: string;
  entry: AuditEntryEntity;
  cameraIds: string[];
  refs: AuditRef[];
}

/** Any fixed 64-bit key works; this one spells "WARDAUDT" so that it is recognisable in pg_locks. */
export const AUDIT_APPEND_LOCK_KEY = '6287397007893283924';

/** Data access for the audit chain. Only appends and reads: there is no update or delete path. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /**
   * Queues entries' content (see AuditQueue1796166739786) in the caller's transaction, or on its own
   * when `manager` is omitted. One multi-row INSERT; returns the queue ids in input order.
   */
  async enqueue(manager: EntityManager | undefined, rows: readonly QueuedAuditContent[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const result: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_queue (at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, camera_ids)
       SELECT t.at, t.actor_id, t.actor_role, t.action, t.subject_type, t.subject_id, t.camera_id, t.investigation_id, t.details::jsonb,
              COALESCE((SELECT array_agg(c::uuid) FROM jsonb_array_elements_text(t.camera_ids::jsonb) c), '{}')
         FROM unnest($1::timestamptz[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::uuid[], $8::uuid[],
                     $9::text[], $10::text[]) WITH ORDINALITY
           AS t(at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, camera_ids, n)
        ORDER BY t.n
       RETURNING id::text AS id`,
      [
        rows.map((r) => r.at.toISOString()),
        rows.map((r) => r.actorId),
        rows.map((r) => r.actorRole),
        rows.map((r) => r.action),
        rows.map((r) => r.subjectType),
        rows.map((r) => r.subjectId),
        rows.map((r) => r.cameraId),
        rows.map((r) => r.investigationId),
        rows.map((r) => JSON.stringify(r.details)),
        rows.map((r) => JSON.stringify(r.cameraIds)),
      ],
    );
    // RETURNING follows the insertion order, which ORDER BY n fixes; ids come from one sequence in that order.
    return result.map((r) => r.id).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  }

  /** Whether any entry is queued and not yet sealed (one index probe). */
  async hasQueued(): Promise<boolean> {
    const rows = await this.dataSource.query<{ queued: boolean }[]>('SELECT EXISTS (SELECT 1 FROM audit_queue) AS queued');
    return rows[0].queued;
  }

  /**
   * Seals up to `limit` queued entries, oldest queue id first: under the append lock, takes them
   * out of the queue, chains them after the head (`chain` computes seq, prev_hash and hash), and
   * inserts the entries and their camera and reference indexes, all in one transaction, so a seal
   * either moves a row from the queue into the chain or leaves it queued.
   */
  async sealBatch(
    limit: number,
    chain: (head: { seq: string; hash: string } | null, queued: QueuedAuditRow[]) => SealedAuditEntry[],
  ): Promise<SealedAuditEntry[]> {
    return this.transaction(async (m) => {
      await this.lockForAppend(m);
      // Structured result: for a DELETE, plain query() returns [rows, count].
      const { records } = await m.queryRunner!.query(
        `DELETE FROM audit_queue WHERE id IN (SELECT id FROM audit_queue ORDER BY id LIMIT $1)
         RETURNING id::text AS "queueId", at, actor_id AS "actorId", actor_role AS "actorRole", action,
                   subject_type AS "subjectType", subject_id AS "subjectId", camera_id AS "cameraId",
                   investigation_id AS "investigationId", details, camera_ids::text[] AS "cameraIds"`,
        [limit],
        true,
      );
      const queued = records as QueuedAuditRow[];
      if (queued.length === 0) return [];
      queued.sort((x, y) => (BigInt(x.queueId) < BigInt(y.queueId) ? -1 : 1));
      const sealed = chain(await this.head(m), queued);
      const entries = sealed.map((s) => s.entry);
      await m.query(
        `INSERT INTO audit_entries (seq, at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, prev_hash, hash)
         SELECT t.seq, t.at, t.actor_id, t.actor_role, t.action, t.subject_type, t.subject_id, t.camera_id, t.investigation_id, t.details::jsonb, t.prev_hash, t.hash
           FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::uuid[], $9::uuid[],
                       $10::text[], $11::char(64)[], $12::char(64)[])
             AS t(seq, at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, prev_hash, hash)`,
        [
          entries.map((e) => e.seq),
          entries.map((e) => e.at.toISOString()),
          entries.map((e) => e.actorId),
          entries.map((e) => e.actorRole),
          entries.map((e) => e.action),
          entries.map((e) => e.subjectType),
          entries.map((e) => e.subjectId),
          entries.map((e) => e.cameraId),
          entries.map((e) => e.investigationId),
          entries.map((e) => JSON.stringify(e.details)),
          entries.map((e) => e.prevHash),
          entries.map((e) => e.hash),
        ],
      );
      const cameras = sealed.flatMap((s) => s.cameraIds.map((camera) => ({ seq: s.entry.seq, camera })));
      if (cameras.length > 0) {
        await m.query(`INSERT INTO audit_entry_cameras (camera_id, seq) SELECT * FROM unnest($1::uuid[], $2::bigint[])`, [
          cameras.map((c) => c.camera),
          cameras.map((c) => c.seq),
        ]);
      }
      const refs = sealed.flatMap((s) => s.refs.map((r) => ({ seq: s.entry.seq, ...r })));
      if (refs.length > 0) {
        await m.query(
          `INSERT INTO audit_entry_refs (seq, kind, ref)
           SELECT t.seq, t.kind, t.ref || COALESCE(search_normalise(t.fold), '')
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS t(seq, kind, ref, fold)
           ON CONFLICT DO NOTHING`,
          [refs.map((r) => r.seq), refs.map((r) => r.kind), refs.map((r) => r.ref), refs.map((r) => r.fold ?? null)],
        );
      }
      return sealed;
    });
  }

  /**
   * The sealed entry with exactly this content, for a writer whose queued row another process
   * sealed (it cannot know the seq otherwise). Entries identical in every hashed field but seq are
   * indistinguishable to the writer anyway; it gets the first.
   */
  async findSealed(content: QueuedAuditContent): Promise<AuditEntryEntity | null> {
    return this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.action = :action AND e.at = :at', { action: content.action, at: content.at })
      .andWhere('e.subjectType = :st AND e.subjectId IS NOT DISTINCT FROM :sid::varchar', { st: content.subjectType, sid: content.subjectId })
      .andWhere('e.actorId IS NOT DISTINCT FROM :aid::uuid AND e.details = :details::jsonb', {
        aid: content.actorId,
        details: JSON.stringify(content.details),
      })
      .orderBy('e.seq', 'ASC')
      .limit(1)
      .getOne();
  }

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

  /** Indexes the entry under every camera it concerns (see AuditRecordInput.cameraIds). */
  async linkCameras(manager: EntityManager, seq: string, cameraIds: readonly string[]): Promise<void> {
    if (cameraIds.length === 0) return;
    await manager.query(`INSERT INTO audit_entry_cameras (camera_id, seq) SELECT unnest($1::uuid[]), $2::bigint`, [cameraIds, seq]);
  }

  /**
   * Indexes the entry under what it refers to (auditEntryRefs), in the append's transaction. The
   * references are derived from the hashed content, so they prove nothing by themselves and the
   * chain's verification does not read them; street names are folded by the same `search_normalise`
   * as the gazetteer's unique names.
   */
  async insertRefs(manager: EntityManager, seq: string, refs: readonly AuditRef[]): Promise<void> {
    if (refs.length === 0) return;
    await manager.query(
      `INSERT INTO audit_entry_refs (seq, kind, ref)
       SELECT $1::bigint, t.kind, t.ref || COALESCE(search_normalise(t.fold), '')
         FROM unnest($2::text[], $3::text[], $4::text[]) AS t(kind, ref, fold)
       ON CONFLICT DO NOTHING`,
      [seq, refs.map((r) => r.kind), refs.map((r) => r.ref), refs.map((r) => r.fold ?? null)],
    );
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

  find(query: AuditQuery): Promise<AuditEntryView[]> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    applyFilter(qb, query);
    if (query.beforeSeq) qb.andWhere('e.seq < :beforeSeq', { beforeSeq: query.beforeSeq });
    return withActorNames(qb.orderBy('e.seq', 'DESC').limit(query.limit));
  }

  /** A page of the filtered entries in chain order (oldest first), after `afterSeq`: for exports. */
  filteredPage(filter: AuditFilter, afterSeq: string, limit: number): Promise<AuditEntryView[]> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    applyFilter(qb, filter);
    return withActorNames(qb.andWhere('e.seq > :afterSeq', { afterSeq }).orderBy('e.seq', 'ASC').limit(limit));
  }

  /** The newest entry now, outside any transaction (for exports that name the head they saw). */
  async currentHead(): Promise<AuditHead | null> {
    const rows = await this.dataSource.query<AuditHead[]>(
      'SELECT e.seq::text AS seq, e.hash FROM audit_entries e ORDER BY e.seq DESC LIMIT 1',
    );
    return rows[0] ?? null;
  }

  /** Full entries by position, in chain order, with their actors' names. */
  async bySeqs(seqs: readonly string[]): Promise<AuditEntryView[]> {
    if (seqs.length === 0) return [];
    return withActorNames(
      this.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('e')
        .where('e.seq = ANY(:seqs::bigint[])', { seqs })
        .orderBy('e.seq', 'ASC'),
    );
  }

  /**
   * The chain of custody of an evidence package up to a head: every entry of its investigation,
   * and every entry whose subject is one of its clips (capture, storage, holds, links), in chain order.
   */
  custody(scope: { investigationId: string | null; subjectIds: readonly string[] }, upToSeq: string): Promise<AuditEntryEntity[]> {
    return this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.seq <= :upToSeq', { upToSeq })
      .andWhere(
        new Brackets((w) => {
          w.where('e.subjectId = ANY(:subjectIds::varchar[])', { subjectIds: scope.subjectIds });
          if (scope.investigationId) w.orWhere('e.investigationId = :inv', { inv: scope.investigationId });
        }),
      )
      .orderBy('e.seq', 'ASC')
      .getMany();
  }

  /**
   * Entries matching the actions (exact names, or prefixes ending with a dot) in [from, to), grouped
   * by `groupBy`, with the first `sample` positions of each group: the raw material of the flags.
   */
  async groups(
    match: { actions: readonly string[]; actorRole?: string; withoutInvestigation?: boolean },
    groupBy: 'actor_id' | 'investigation_id',
    window: { from: Date; to: Date },
    sample: number,
  ): Promise<AuditGroup[]> {
    const exact = match.actions.filter((a) => !a.endsWith('.'));
    const prefixes = match.actions.filter((a) => a.endsWith('.')).map((a) => `${escapeLike(a)}%`);
    // groupBy is one of two column names (typed), never caller text.
    const rows = await this.dataSource.query<{ key: string | null; count: number; first_at: Date; last_at: Date; seqs: string[] }[]>(
      `SELECT e.${groupBy}::text AS key, count(*)::int AS count, min(e.at) AS first_at, max(e.at) AS last_at,
              (array_agg(e.seq::text ORDER BY e.seq))[1:$7] AS seqs
         FROM audit_entries e
        WHERE e.at >= $1 AND e.at < $2
          AND (e.action = ANY($3::varchar[]) OR e.action LIKE ANY($4::text[]))
          AND ($5::varchar IS NULL OR e.actor_role = $5)
          AND (NOT $6 OR e.investigation_id IS NULL)
        GROUP BY e.${groupBy}
        ORDER BY count(*) DESC, min(e.seq)`,
      [window.from, window.to, exact, prefixes, match.actorRole ?? null, match.withoutInvestigation ?? false, sample],
    );
    return rows.map((r) => ({ key: r.key, count: r.count, firstAt: r.first_at, lastAt: r.last_at, seqs: r.seqs }));
  }

  /** When each actor did `action` in [from, to): positions and times only, for burst detection. */
  actionTimes(action: string, window: { from: Date; to: Date }): Promise<{ seq: string; actorId: string | null; at: Date }[]> {
    return this.dataSource.query(
      `SELECT e.seq::text AS seq, e.actor_id AS "actorId", e.at
         FROM audit_entries e
        WHERE e.action = $1 AND e.at >= $2 AND e.at < $3
        ORDER BY e.actor_id, e.at, e.seq`,
      [action, window.from, window.to],
    );
  }
}

export interface AuditGroup {
  key: string | null;
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** Positions of the first entries of the group, in chain order. */
  seqs: string[];
}

/** LIKE treats `_` and `%` as wildcards, and action names contain underscores. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function applyFilter(qb: SelectQueryBuilder<AuditEntryEntity>, filter: AuditFilter): void {
  if (filter.actorId) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
  if (filter.action?.endsWith('.'))
    qb.andWhere("e.action LIKE :actionPrefix ESCAPE '\\'", { actionPrefix: `${escapeLike(filter.action)}%` });
  else if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
  if (filter.cameraId) qb.andWhere('e.cameraId = :cameraId', { cameraId: filter.cameraId });
  if (filter.investigationId) qb.andWhere('e.investigationId = :inv', { inv: filter.investigationId });
  // The reference filters: one range of the (kind, ref, seq) index each, never a scan of JSON details.
  if (filter.clipId) {
    qb.andWhere(`e.seq IN (SELECT r.seq FROM audit_entry_refs r WHERE r.kind = 'clip' AND r.ref = :clipId)`, { clipId: filter.clipId });
  }
  if (filter.returnedCameraId) {
    qb.andWhere(`e.seq IN (SELECT r.seq FROM audit_entry_refs r WHERE r.kind = 'returned_camera' AND r.ref = :returnedCameraId)`, {
      returnedCameraId: filter.returnedCameraId,
    });
  }
  if (filter.streetId) {
    // The street as the gazetteer names it, searched in its ward or in no ward in particular.
    qb.andWhere(
      `e.seq IN (SELECT r.seq FROM audit_entry_refs r, streets s
                  WHERE s.id = :streetId AND r.kind = 'street'
                    AND r.ref IN (s.ward_id::text || ':' || search_normalise(s.name), '${ANY_WARD}:' || search_normalise(s.name)))`,
      { streetId: filter.streetId },
    );
  }
  if (filter.from) qb.andWhere('e.at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('e.at < :to', { to: filter.to });
}

/**
 * Runs the query with each actor's display name beside the entry (null for the system, an unknown id,
 * or an account its holder deleted: the row stays with a placeholder name, which is not a name).
 */
async function withActorNames(qb: SelectQueryBuilder<AuditEntryEntity>): Promise<AuditEntryView[]> {
  const { entities, raw } = await qb
    .leftJoin('users', 'u', 'u.id = e.actor_id')
    .addSelect('CASE WHEN u.deleted_at IS NULL THEN u.display_name END', 'actor_name')
    .getRawAndEntities<{ actor_name: string | null }>();
  // No joined relation: one raw row per entity, in the same order.
  return entities.map((e, i) => Object.assign(e, { actorName: raw[i].actor_name ?? null }));
}
