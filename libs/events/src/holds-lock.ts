import type { EntityManager } from 'typeorm';

/** Any fixed 64-bit key; this one spells "WARDHOLD" so that it is recognisable in pg_locks. */
export const HOLDS_LOCK_KEY = '6287397008010333252';

/**
 * The lock that orders hold placement against retention's deletes (of clips, events, gaps, and whole days of events), held until the caller's
 * transaction ends. It used to be the audit log's append lock, which every audited change took
 * anyway; audited changes now only queue their entries (AuditSealer) and take no lock, so this is
 * the only lock these transactions take and it cannot deadlock against another. Its own key, so
 * that a long retention transaction does not stop the audit sealer of every process.
 */
export async function lockAgainstHolds(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock($1::bigint)', [HOLDS_LOCK_KEY]);
}
