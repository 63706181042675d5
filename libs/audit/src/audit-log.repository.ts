import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, QueryRunner, SelectQueryBuilder } from 'typeorm';
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
   * either moves a row from the queue into the chain or leaves it queued. Four round trips (the
   * lock holder's time is what bounds the chain's rate): BEGIN with the lock, the DELETE with the
   * head, one INSERT statement for the three tables, COMMIT. `locked` is called once the lock is
   * held, before the DELETE is sent: rows committed before then are in this seal's snapshot.
   */
  async sealBatch(
    limit: number,
    chain: (head: { seq: string; hash: string } | null, queued: QueuedAuditRow[]) => SealedAuditEntry[],
    locked: () => void = () => undefined,
    /** Rows handed over in memory (record() without a transaction): chained after the queued ones, never in the queue. */
    takeDirect: () => QueuedAuditRow[] = () => [],
    /** A connection to seal on (a committed caller's, see AuditSealer); otherwise one from the pool. */
    connection?: QueryRunner,
  ): Promise<SealedAuditEntry[]> {
    const runner = connection ?? this.dataSource.createQueryRunner();
    let open = false;
    try {
      // One simple-protocol round trip; the key is a constant. READ COMMITTED: the DELETE's snapshot follows the lock.
      await runner.query(`BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`);
      open = true;
      locked();
      const direct = takeDirect();
      const result = (await runner.query(
        `WITH taken AS (
           DELETE FROM audit_queue WHERE id IN (SELECT id FROM audit_queue ORDER BY id LIMIT $1)
           RETURNING id, at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, camera_ids)
         SELECT t.id::text AS "queueId", t.at, t.actor_id AS "actorId", t.actor_role AS "actorRole", t.action,
                t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.camera_id AS "cameraId",
                t.investigation_id AS "investigationId", t.details, t.camera_ids::text[] AS "cameraIds",
                h.seq AS "headSeq", h.hash AS "headHash"
           -- One row at least (the head, if any, even when nothing is queued). Order by the bigint column, not a
           -- text alias (as text, '9' sorts after '10').
           FROM (SELECT 1) one
           LEFT JOIN (SELECT e.seq::text AS seq, e.hash FROM audit_entries e ORDER BY e.seq DESC LIMIT 1) h ON true
           LEFT JOIN taken t ON true
          ORDER BY t.id`,
        [limit],
      )) as (QueuedAuditRow & { headSeq: string | null; headHash: string | null })[];
      const rows = [...result.filter((r) => r.queueId !== null), ...direct.map((d) => ({ ...d, headSeq: null, headHash: null }))];
      if (rows.length === 0) {
        await runner.query('COMMIT');
        open = false;
        return [];
      }
      const head = result[0].headSeq === null ? null : { seq: result[0].headSeq, hash: result[0].headHash! };
      const sealed = chain(
        head,
        rows.map(({ headSeq: _s, headHash: _h, ...queued }) => queued),
      );
      const entries = sealed.map((s) => s.entry);
      const cameras = sealed.flatMap((s) => s.cameraIds.map((camera) => ({ seq: s.entry.seq, camera })));
      const refs = sealed.flatMap((s) => s.refs.map((r) => ({ seq: s.entry.seq, ...r })));
      await runner.query(
        `WITH entries AS (
           INSERT INTO audit_entries (seq, at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, prev_hash, hash)
           SELECT t.seq, t.at, t.actor_id, t.actor_role, t.action, t.subject_type, t.subject_id, t.camera_id, t.investigation_id, t.details::jsonb, t.prev_hash, t.hash
             FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::uuid[], $9::uuid[],
                         $10::text[], $11::char(64)[], $12::char(64)[])
               AS t(seq, at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, prev_hash, hash)),
         cameras AS (
           INSERT INTO audit_entry_cameras (camera_id, seq) SELECT * FROM unnest($13::uuid[], $14::bigint[]))
         INSERT INTO audit_entry_refs (seq, kind, ref)
         SELECT t.seq, t.kind, t.ref || COALESCE(search_normalise(t.fold), '')
           FROM unnest($15::bigint[], $16::text[], $17::text[], $18::text[]) AS t(seq, kind, ref, fold)
         ON CONFLICT DO NOTHING`,
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
          cameras.map((c) => c.camera),
          cameras.map((c) => c.seq),
          refs.map((r) => r.seq),
          refs.map((r) => r.kind),
          refs.map((r) => r.ref),
          refs.map((r) => r.fold ?? null),
        ],
      );
      await runner.query('COMMIT');
      open = false;
      return sealed;
    } finally {
      if (open) await runner.query('ROLLBACK').catch(() => undefined);
      if (!connection) await runner.release();
    }
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
