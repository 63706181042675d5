/**
 * npm run bench:audit [-- --writers 32 --seconds 10]
 *
 * Audit appends per second with concurrent writers through the real AuditService (wired with its
 * own DataSource, as one process of the service has), in a fresh database:
 *   (a) record() in a transaction of its own (queued, then sealed and returned with its seq);
 *   (b) record() inside a caller transaction with one other statement (an UPDATE of the writer's row);
 * and beside them, in raw SQL over pg with the same writers:
 *   - the physical limit: the same single-row INSERTs, each committed on its own, no chain;
 *   - the limit of (b): the caller's transaction (TypeORM, UPDATE + a plain INSERT) with no chain;
 *   - the old append: per entry BEGIN, the global advisory lock, the head, the INSERT, COMMIT.
 * Then the chain is verified and the verification timed. Target: at least 5,000 appends/s through
 * the service with 32 writers, (a). (b) cannot be faster than the caller's transaction without any
 * audit (the limit of (b), about 3,000-3,800/s here): it is printed as a share of that limit, the
 * price of the caller's transaction() resolving only once its entries are chained (read-after-write).
 * Not part of the tests.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AUDIT_APPEND_LOCK_KEY, AuditEntryEntity, AuditLogRepository, AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { readEnvironment } from '@wardwatch/config';
import { runMigrations } from '@wardwatch/database';
import { benchOptions } from './bench-options';

const values = benchOptions(
  'npm run bench:audit',
  'audit appends/s with concurrent writers through AuditService, beside raw INSERTs and the old lock-per-append',
  {
    writers: { default: 32, help: 'concurrent writers' },
    seconds: { default: 10, help: 'seconds per measurement' },
  },
);
const DATABASE = 'wardwatch_bench_audit';
const TARGET = 5000;

/** Runs `writers` loops of `append` for `seconds`; returns appends per second. */
async function measure(append: (writer: number, i: number) => Promise<void>): Promise<{ count: number; rate: number }> {
  const until = performance.now() + values.seconds * 1000;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: values.writers }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        await append(w, i);
        count += 1;
      }
    }),
  );
  return { count, rate: count / ((performance.now() - started) / 1000) };
}

const row = (label: string, r: { count: number; rate: number }, note = '') =>
  console.log(`${label.padEnd(58)} ${r.rate.toFixed(0).padStart(7)} appends/s  (${r.count} in ${values.seconds} s)${note}`);

async function main(): Promise<void> {
  const env = readEnvironment({ ...process.env, NODE_ENV: 'test' });
  const admin = new Client({ connectionString: env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const ownerUrl = env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  const appUrl = env.DATABASE_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  await runMigrations(ownerUrl);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  // Scratch tables for the raw figures, shaped like audit_entries but outside the chain.
  await owner.query(`CREATE TABLE bench_plain (LIKE audit_entries INCLUDING ALL)`);
  await owner.query(`CREATE SEQUENCE bench_plain_seq`);
  await owner.query(`CREATE TABLE bench_old_chain (LIKE audit_entries INCLUDING ALL)`);
  await owner.query(`CREATE TABLE bench_writers (writer int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)`);
  await owner.query(`INSERT INTO bench_writers (writer) SELECT generate_series(0, $1::int - 1)`, [values.writers]);
  await owner.query(`GRANT SELECT, INSERT, UPDATE ON bench_plain, bench_old_chain, bench_writers TO wardwatch_app`);
  await owner.query(`GRANT USAGE ON SEQUENCE bench_plain_seq TO wardwatch_app`);

  const dataSource = new DataSource({ type: 'postgres', url: appUrl, entities: [AuditEntryEntity], poolSize: values.writers + 4 });
  await dataSource.initialize();
  const audit = new AuditService(new AuditLogRepository(dataSource));
  const input = (w: number, i: number) => ({
    actor: SYSTEM_ACTOR,
    action: 'bench.appended' as const,
    subject: { type: 'bench', id: `${w}-${i}` },
    details: { writer: w, i },
  });
  const pool = new Pool({ connectionString: appUrl, max: values.writers });
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');

  console.log(`audit appends, ${values.writers} concurrent writers, ${values.seconds} s each (target ${TARGET}/s through the service)`);
  const own = await measure(async (w, i) => {
    await audit.record(input(w, i));
  });
  row('(a) AuditService.record(), own transaction', own, own.rate >= TARGET ? '  MET' : '  MISSED');
  const inCaller = await measure(async (w, i) => {
    await dataSource.transaction(async (m) => {
      await m.query('UPDATE bench_writers SET n = n + 1 WHERE writer = $1', [w]);
      await audit.record(input(w, i), m);
    });
  });
  row('(b) record(input, m) in a caller transaction + 1 UPDATE', inCaller);

  const plain = await measure(async (w, i) => {
    const text = JSON.stringify(input(w, i).details);
    await pool.query(
      `INSERT INTO bench_plain (seq, at, actor_role, action, subject_type, subject_id, details, prev_hash, hash)
       VALUES (nextval('bench_plain_seq'), now(), 'system', 'bench.appended', 'bench', $1, $2::jsonb, $3, $4)`,
      [`${w}-${i}`, text, '0'.repeat(64), hash(randomUUID())],
    );
  });
  row('physical limit: the same INSERT, own commit, no chain (pg)', plain);
  // What (b) can reach at most: the caller's own transaction, shaped the same, with no chain at all.
  const callerShaped = await measure(async (w, i) => {
    await dataSource.transaction(async (m) => {
      await m.query('UPDATE bench_writers SET n = n + 1 WHERE writer = $1', [w]);
      await m.query(
        `INSERT INTO bench_plain (seq, at, actor_role, action, subject_type, subject_id, details, prev_hash, hash)
         VALUES (nextval('bench_plain_seq'), now(), 'system', 'bench.appended', 'bench', $1, $2::jsonb, $3, $4)`,
        [`${w}-${i}`, JSON.stringify(input(w, i).details), '0'.repeat(64), hash(randomUUID())],
      );
    });
  });
  row(
    'limit of (b): its transaction with a plain INSERT, no chain',
    callerShaped,
    `  (b) reaches ${((100 * inCaller.rate) / callerShaped.rate).toFixed(0)}% of it`,
  );
  const old = await measure(async (w, i) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_APPEND_LOCK_KEY]);
      const head = await c.query<{ seq: string; hash: string }>(
        'SELECT e.seq::text AS seq, e.hash FROM bench_old_chain e ORDER BY e.seq DESC LIMIT 1',
      );
      const seq = head.rows[0] ? BigInt(head.rows[0].seq) + 1n : 1n;
      const prev = head.rows[0]?.hash ?? '0'.repeat(64);
      await c.query(
        `INSERT INTO bench_old_chain (seq, at, actor_role, action, subject_type, subject_id, details, prev_hash, hash)
         VALUES ($1, now(), 'system', 'bench.appended', 'bench', $2, $3::jsonb, $4, $5)`,
        [seq.toString(), `${w}-${i}`, JSON.stringify(input(w, i).details), prev, hash(prev + seq)],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  row('old append: lock, head, INSERT per entry (pg)', old);

  const started = performance.now();
  const verification = await audit.verify();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `verification: ${verification.ok ? 'ok' : 'BROKEN'}, ${verification.entries} entries in ${seconds.toFixed(2)} s ` +
      `(${(verification.entries / seconds).toFixed(0)} entries/s); expected ${own.count + inCaller.count}`,
  );
  await pool.end();
  await audit.onModuleDestroy();
  await dataSource.destroy();
  await owner.end();
  if (!verification.ok || verification.entries !== own.count + inCaller.count) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
