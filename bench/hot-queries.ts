/**
 * npm run bench:hot [-- --database wardwatch_bench_search --runs 200 --held 500]
 *
 * The worker's every-tick queries on motion_events, on a database loaded by bench:search, at the
 * same event rate with ten times the history: `npm run bench:search -- --events 1000000 --days 3
 * --database wardwatch_bench_1m` and `-- --events 10000000 --days 31`; run this on each: their
 * times should not grow with the table (a busier city is another question: more rows per tick).
 * Fills motion_event_keys once (bench:search leaves it empty). Then adds open motion as a running ward
 * has it (one camera in 50 with an open episode started in the last ten minutes, and a few overdue
 * ones), then runs each query --runs times with warm caches and prints p50/p95 and an EXPLAIN
 * ANALYZE summary (which indexes, how many day partitions, any sequential scan). The statements
 * are the repositories' own (clip.repository, event-index.repository, camera-roster). Not part of
 * the tests. Physical limit beside them: a primary-key lookup on the same table.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { readEnvironment } from '@wardwatch/config';
import { benchOptions } from './bench-options';

const values = benchOptions(
  'npm run bench:hot',
  "the worker's hot queries on motion_events (open motion, overdue starts, busy cameras, recent episodes)",
  { runs: { default: 200, help: 'runs of each query' }, held: { default: 500, help: 'cameras one worker holds' } },
  {},
  { database: { default: 'wardwatch_bench_search', help: 'a database loaded by bench:search', pattern: /^[a-z_][a-z0-9_]{0,62}$/ } },
);

// bench:search's data ends here: "now" for the queries.
const NOW = new Date(Date.parse('2026-11-28T17:00:00Z'));
const MAX_MOTION_MS = 600_000;
// CLIP_MAX_SECONDS' default: the longest span a clip may have.
const CLIP_MAX_MS = 120_000;
const LOOKBACK = new Date(NOW.getTime() - 15 * 60_000);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

function summarise(plan: Record<string, unknown>, big: Set<string>): string {
  const scans = new Map<string, number>();
  const partitions = new Set<string>();
  let removed = 0;
  let seq = false;
  const walk = (node: Record<string, unknown>) => {
    const type = node['Node Type'] as string;
    if (type === 'Seq Scan' && big.has(node['Relation Name'] as string)) seq = true;
    removed += Number(node['Subplans Removed'] ?? 0);
    const relation = node['Relation Name'] as string | undefined;
    if (type.includes('Scan') && relation) {
      if (/^motion_events_/.test(relation)) partitions.add(relation);
      const index = ((node['Index Name'] as string | undefined) ?? '').replace(/^motion_events_(\d{8}|default)_/, '*_');
      const what = `${type}${index ? ` ${index}` : ''}${relation.startsWith('motion_events') ? '' : ` on ${relation}`}`;
      scans.set(what, (scans.get(what) ?? 0) + 1);
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan.Plan as Record<string, unknown>);
  return (
    `execution ${Number(plan['Execution Time']).toFixed(2)} ms, planning ${Number(plan['Planning Time']).toFixed(2)} ms; ` +
    `motion_events partitions read ${partitions.size} (pruned at run time ${removed}); ` +
    [...scans].map(([w, n]) => `${w} x${n}`).join(', ') +
    (seq ? '  WARNING: sequential scan of motion_events' : '')
  );
}

async function main(): Promise<void> {
  const env = readEnvironment({ ...process.env, NODE_ENV: 'test' });
  const db = new Client({ connectionString: env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, `/${values.database}`) });
  await db.connect();
  const [{ events, partitions }] = (
    await db.query(
      `SELECT (SELECT count(*) FROM motion_events)::bigint AS events,
              (SELECT count(*) FROM pg_inherits WHERE inhparent = 'motion_events'::regclass)::int AS partitions`,
    )
  ).rows;
  // bench:search leaves motion_event_keys empty (no search reads it); ingest writes one key per event,
  // and the open-motion lookups here read it: fill it once, closed (every loaded event has ended).
  const [{ keys }] = (await db.query(`SELECT count(*)::bigint AS keys FROM motion_event_keys`)).rows;
  if (Number(keys) < Number(events) / 2) {
    const t0 = performance.now();
    await db.query(`ALTER TABLE motion_event_keys DROP CONSTRAINT fk_motion_event_keys_event, DROP CONSTRAINT pk_motion_event_keys`);
    await db.query(`DROP INDEX idx_motion_event_keys_event`);
    await db.query(
      `INSERT INTO motion_event_keys (dedupe_key, event_id, event_started_at, camera_id, open_episode)
       SELECT dedupe_key, id, started_at, camera_id, NULL FROM motion_events WHERE dedupe_key NOT LIKE 'hot%'`,
    );
    await db.query(`ALTER TABLE motion_event_keys ADD CONSTRAINT pk_motion_event_keys PRIMARY KEY (dedupe_key)`);
    await db.query(`CREATE INDEX idx_motion_event_keys_event ON motion_event_keys (event_started_at, event_id)`);
    await db.query(
      `ALTER TABLE motion_event_keys ADD CONSTRAINT fk_motion_event_keys_event FOREIGN KEY (event_id, event_started_at)
       REFERENCES motion_events (id, started_at) ON DELETE CASCADE`,
    );
    await db.query(`VACUUM ANALYZE motion_event_keys`);
    console.log(`filled motion_event_keys, one key per event as ingest writes them: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Open motion as a running ward has it (idempotent: replaced on every run).
  await db.query(`DELETE FROM motion_events WHERE dedupe_key LIKE 'hot%'`);
  // With their keys, as ingest writes them (open motion is found through motion_event_keys).
  await db.query(
    `WITH e AS (
       INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, camera_started_at, clock_offset_ms, dedupe_key)
       SELECT id, 'motion', 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=MyMotionDetectorRule', at, at, 0, rpad('hot' || n, 40, 'x')
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cameras) c
       CROSS JOIN LATERAL (SELECT $1::timestamptz - make_interval(secs => CASE WHEN n % 500 = 0 THEN 1200 ELSE n % 600 END) AS at) t
       WHERE n % 50 = 0
       RETURNING id, started_at, camera_id, topic, source_key, dedupe_key)
     INSERT INTO motion_event_keys (dedupe_key, event_id, event_started_at, camera_id, open_episode)
     SELECT dedupe_key, id, started_at, camera_id, md5(topic || '|' || source_key) FROM e`,
    [NOW],
  );
  await db.query(`ANALYZE motion_events`);
  const held = (await db.query(`SELECT id FROM cameras ORDER BY id LIMIT $1`, [values.held])).rows.map((r: { id: string }) => r.id);
  const busiest = (await db.query(`SELECT camera_id FROM motion_events WHERE dedupe_key LIKE 'hot%' ORDER BY camera_id LIMIT 1`)).rows[0]
    .camera_id as string;
  const open = (
    await db.query(`SELECT event_id, event_started_at FROM motion_event_keys WHERE camera_id = $1 AND open_episode IS NOT NULL`, [busiest])
  ).rows[0];
  const anyId = (
    await db.query(`SELECT id, started_at FROM motion_events WHERE started_at > $1::timestamptz - interval '1 day' LIMIT 1`, [NOW])
  ).rows[0];

  const queries: { name: string; sql: string; params: unknown[] }[] = [
    {
      name: 'busy cameras (clip.repository busyCameras, 500 held cameras)',
      sql: `SELECT camera_id FROM motion_event_keys WHERE camera_id = ANY($1) AND open_episode IS NOT NULL
       UNION
       SELECT DISTINCT e.camera_id FROM motion_events e
       WHERE e.camera_id = ANY($1) AND e.kind = 'motion' AND e.started_at >= $2
         AND (e.ended_at IS NULL OR NOT EXISTS (
               SELECT 1 FROM clips c WHERE c.camera_id = e.camera_id
                 AND (c.motion_event_id = e.id
                      OR (c.status <> 'failed' AND c.requested_from <= e.started_at
                          AND c.requested_from >= e.started_at - make_interval(secs => $3::int / 1000.0)
                          AND (c.requested_to IS NULL OR c.requested_to >= e.started_at)))))
       UNION
       SELECT DISTINCT camera_id FROM clips WHERE camera_id = ANY($1) AND status = 'capturing'`,
      params: [held, LOOKBACK, CLIP_MAX_MS],
    },
    {
      name: 'recent episodes of one camera (clip.repository planningState, its episodes)',
      sql: `SELECT e.id, e.started_at, e.ended_at FROM motion_events e
       JOIN LATERAL (SELECT active_hours FROM camera_consents k WHERE k.camera_id = e.camera_id ORDER BY version DESC LIMIT 1) k ON true
       WHERE e.camera_id = $1 AND e.kind = 'motion' AND e.started_at >= $3
         AND (e.started_at >= $2 OR e.ended_at IS NULL OR e.ended_at >= $2)
         AND (k.active_hours IS NULL OR consent_within_active_hours(e.started_at, k.active_hours))
       ORDER BY e.started_at`,
      params: [busiest, LOOKBACK, new Date(LOOKBACK.getTime() - MAX_MOTION_MS - 3_600_000)],
    },
    {
      name: 'open motion of one camera, topic, source (event-index close: its key)',
      sql: `SELECT event_id, event_started_at, dedupe_key FROM motion_event_keys
       WHERE camera_id = $1::uuid AND open_episode = md5($2::text || '|' || $3::text) AND event_started_at <= $4`,
      params: [busiest, 'tns1:RuleEngine/CellMotionDetector/Motion', 'Rule=MyMotionDetectorRule', NOW],
    },
    {
      name: '  ... then its row, by (id, started_at)',
      sql: `SELECT id FROM motion_events WHERE id = $1 AND started_at = $2 AND ended_at IS NULL`,
      params: [] as unknown[],
    },
    {
      name: 'overdue starts (event-index closeOverdue): their keys',
      sql: `SELECT event_id, event_started_at FROM motion_event_keys
       WHERE open_episode IS NOT NULL AND event_started_at < $1::timestamptz - make_interval(secs => $2::int / 1000.0)`,
      params: [NOW, MAX_MOTION_MS],
    },
    {
      name: '  ... then their rows, from the days they started (as a SELECT)',
      sql: `SELECT id, started_at FROM motion_events
       WHERE (id, started_at) IN (SELECT * FROM unnest($1::uuid[], $2::timestamptz[])) AND started_at BETWEEN $3 AND $4
         AND kind = 'motion' AND ended_at IS NULL`,
      params: [] as unknown[],
    },
    {
      name: 'last event of 50 cameras (camera-roster page)',
      sql: `SELECT c.id, e.started_at FROM (SELECT id FROM cameras ORDER BY id LIMIT 50) c
       LEFT JOIN LATERAL (SELECT started_at FROM motion_events WHERE camera_id = c.id AND started_at <= $1 ORDER BY started_at DESC LIMIT 1) e ON true`,
      params: [NOW],
    },
    {
      name: 'physical limit: one event by primary key (id, started_at)',
      sql: `SELECT id FROM motion_events WHERE id = $1 AND started_at = $2`,
      params: [anyId.id, anyId.started_at],
    },
  ];

  console.log(
    `${Number(events).toLocaleString('en')} motion events in ${partitions} partitions (database ${values.database}); ${values.runs} runs each`,
  );
  queries.find((q) => q.name.includes('then its row'))!.params = [open.event_id, open.event_started_at];
  const overdue = (
    await db.query<{ event_id: string; event_started_at: Date }>(
      `SELECT event_id, event_started_at FROM motion_event_keys
       WHERE open_episode IS NOT NULL AND event_started_at < $1::timestamptz - make_interval(secs => $2::int / 1000.0)`,
      [NOW, MAX_MOTION_MS],
    )
  ).rows;
  const overdueStarts = overdue.map((o) => o.event_started_at.getTime());
  queries.find((q) => q.name.includes('then their rows'))!.params = [
    overdue.map((o) => o.event_id),
    overdue.map((o) => o.event_started_at),
    new Date(Math.min(...overdueStarts)),
    new Date(Math.max(...overdueStarts)),
  ];
  // Partitions with rows: a sequential scan of an empty one (a day ahead) is what the planner should do.
  const big = new Set(
    (
      await db.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'motion_events'::regclass AND c.reltuples > 1000`,
      )
    ).rows.map((r: { relname: string }) => r.relname),
  );
  for (const q of queries) {
    for (let i = 0; i < 5; i++) await db.query(q.sql, q.params);
    const times: number[] = [];
    for (let i = 0; i < values.runs; i++) {
      const t0 = performance.now();
      await db.query(q.sql, q.params);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const [explained] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params)).rows[0]['QUERY PLAN'];
    console.log(
      `${q.name}\n  p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms\n  ${summarise(explained, big)}`,
    );
  }
  await db.query(`DELETE FROM motion_events WHERE dedupe_key LIKE 'hot%'`);
  await db.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
