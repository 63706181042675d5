/**
 * npm run bench:search [-- --events 10000000 --cameras 10000 --runs 200 --reuse --database wardwatch_bench_search --kinds street,ward]
 *
 * Loads a synthetic city into its own database (wardwatch_bench_search) with generate_series: 20
 * wards, 500 streets with Vietnamese names, N cameras along them (some without police-search
 * consent, some withdrawn, some with night-only active hours), M motion events over --days days (90) skewed
 * like a real ward (busy streets, night peaks), clips for ~2% of events and coverage gaps. Indexes on
 * motion_events are built after the load, then VACUUM ANALYZE. Then, with warm caches, runs each
 * kind of search (street + 24 h, radius 300 m + 6 h, a 300 m x 300 m polygon over busy streets + 6 h,
 * ward + 1 h) --runs times through the real
 * SearchService (validation, SQL, mapping and the audit entry) and the same search as hand-written
 * SQL on a plain connection (alone, and followed by a hand-written audit INSERT of the entry and its
 * cameras, committed: the floor for an audited search), and prints p50/p95/p99, rows returned, the
 * ratios (target: p95 under 50 ms and within 1.2x of the hand-written SQL with its audit INSERT) and the difference,
 * and an EXPLAIN (ANALYZE, BUFFERS) summary of each kind's plan. Not part of the tests.
 *
 * --reuse keeps an already loaded database of the same size (the load takes minutes). Four cameras in
 * five get a direction of view (20-60 m, 60-120 degrees), so that area searches rank by view cones.
 * --database names the database, so that two runs (two worktrees) do not drop each other's.
 */
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import type { Principal } from '@wardwatch/accounts';
import { AuditService } from '@wardwatch/audit';
import { ApiConfig, ConfigModule, loadConfig, readEnvironment } from '@wardwatch/config';
import { DatabaseModule, runMigrations } from '@wardwatch/database';
import {
  buildAreaCoverageSql,
  buildCameraSearchSql,
  isAreaCriterion,
  parseCameraSearch,
  type CameraSearchParams,
  SearchModule,
  type SearchPage,
  SearchRepository,
  SearchService,
} from '@wardwatch/search';
import { benchOptions } from './bench-options';

const values = benchOptions(
  'npm run bench:search',
  'a synthetic city in its own database; each kind of search through SearchService against hand-written SQL',
  {
    events: { default: 10_000_000, help: 'motion events over --days days' },
    days: {
      default: 90,
      help: 'days of history (one partition each); retention keeps at most CONSENT_MAX_RETENTION_DAYS (30) + holds',
    },
    cameras: { default: 10_000, help: 'cameras along 500 streets in 20 wards' },
    runs: { default: 200, help: 'searches of each kind' },
  },
  { reuse: 'keep an already loaded database of the same size' },
  {
    database: {
      default: 'wardwatch_bench_search',
      help: 'the database to load into',
      pattern: /^[a-z_][a-z0-9_]{0,62}$/,
    },
    kinds: {
      default: 'street,radius,polygon,ward',
      help: 'which kinds of search to time, comma-separated',
      pattern: /^(street|radius|polygon|ward)(,(street|radius|polygon|ward))*$/,
    },
  },
);
const EVENTS = values.events;
const CAMERAS = values.cameras;
const RUNS = values.runs;
const WARDS = 20;
const STREETS = 500;
const PER_WARD = STREETS / WARDS;
const DAYS = values.days;
const DATABASE = values.database;
/** The loaded data ends at local midnight (Asia/Ho_Chi_Minh) of 2026-11-29. */
const DATA_END = Date.parse('2026-11-28T17:00:00Z');
const DATA_START = DATA_END - DAYS * 86_400_000;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi'];
const GIVEN = [
  'Văn Thái',
  'Thị Minh Khai',
  'Đình Chiểu',
  'Hữu Cảnh',
  'Văn Sỹ',
  'Quang Diệu',
  'Trãi',
  'Duẩn',
  'Văn Cừ',
  'Thị Riêng',
  'Văn Trỗi',
  'Kim Đồng',
  'Hồng Phong',
  'Tri Phương',
  'Văn Linh',
  'Đức Thọ',
  'Thái Học',
  'Văn Đậu',
  'Chí Thanh',
  'Bỉnh Khiêm',
  'Thượng Hiền',
  'Hữu Trác',
  'Công Trứ',
  'Văn Tám',
  'Văn Hưu',
  'Đình Phùng',
  'Ngọc Hân',
  'Thánh Tông',
  'Văn Chương',
  'Quý Cáp',
  'Tất Thành',
  'Quốc Toản',
  'Văn Bảy',
  'Hữu Thọ',
  'Đức Cảnh',
  'Thị Thập',
  'Văn Luông',
  'Xuân Diệu',
  'Huy Tập',
  'Văn Khéo',
  'Hiến Thành',
  'Văn Nghi',
  'Thế Lữ',
  'Tử Bình',
  'Thị Nhỏ',
  'Cao Vân',
  'Hồng Đạo',
  'Văn Giàu',
  'Văn Của',
  'Phúc Nguyên',
];
const streetName = (s: number) => `${FAMILY[s % FAMILY.length]} ${GIVEN[Math.floor(s / FAMILY.length)]}`;

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (n: number) => n.toFixed(2).padStart(7);

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  console.log(`  ${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

/** The synthetic city, entirely in SQL (generate_series), indexes on the big table built after the load. */
async function load(db: Client): Promise<void> {
  const names = Array.from({ length: STREETS }, (_, s) => streetName(s));
  await db.query(`SET maintenance_work_mem = '512MB'`);
  await db.query(`SET max_parallel_maintenance_workers = 2`);
  await timed('wards, streets, cameras, consents', async () => {
    await db.query(`INSERT INTO users (id, email, display_name, role, password_hash) VALUES
      ('00000000-0000-4000-8000-00000000aaaa', 'owner@bench.wardwatch', 'Owner', 'resident', 'x'),
      ('00000000-0000-4000-8000-00000000bbbb', 'officer@bench.wardwatch', 'Officer', 'officer', 'x')`);
    // 5 x 4 wards of 0.016 degrees (about 1.75 km) around central Ho Chi Minh City.
    await db.query(
      `INSERT INTO wards (id, code, name, boundary)
       SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(w), 12, '0'))::uuid, 'bench-w' || w, 'Phường ' || (w + 1),
              ST_Multi(ST_MakeEnvelope(106.64 + (w % 5) * 0.016, 10.74 + (w / 5) * 0.016,
                                       106.64 + (w % 5 + 1) * 0.016, 10.74 + (w / 5 + 1) * 0.016, 4326))::geography
       FROM generate_series(0, ${WARDS - 1}) w`,
    );
    // 25 streets per ward, alternately east-west and north-south lines across it.
    await db.query(
      `CREATE TEMP TABLE bench_streets AS
       SELECT s, s / ${PER_WARD} AS w, n.name,
              CASE WHEN (s % ${PER_WARD}) % 2 = 0
                THEN ST_MakeLine(ST_MakePoint(106.641 + (w % 5) * 0.016, 10.74 + (w / 5) * 0.016 + ((s % ${PER_WARD}) / 2 + 1) * 0.016 / 14),
                                 ST_MakePoint(106.655 + (w % 5) * 0.016, 10.74 + (w / 5) * 0.016 + ((s % ${PER_WARD}) / 2 + 1) * 0.016 / 14))
                ELSE ST_MakeLine(ST_MakePoint(106.64 + (w % 5) * 0.016 + ((s % ${PER_WARD}) / 2 + 1) * 0.016 / 14, 10.741 + (w / 5) * 0.016),
                                 ST_MakePoint(106.64 + (w % 5) * 0.016 + ((s % ${PER_WARD}) / 2 + 1) * 0.016 / 14, 10.755 + (w / 5) * 0.016))
              END AS line
       FROM unnest($1::text[]) WITH ORDINALITY AS n(name, i), LATERAL (SELECT (n.i - 1)::int AS s) s1, LATERAL (SELECT s1.s / ${PER_WARD} AS w) w1`,
      [names],
    );
    await db.query(
      `INSERT INTO streets (ward_id, name, geometry)
       SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(w), 12, '0'))::uuid, name, ST_Multi(ST_SetSRID(line, 4326))::geography FROM bench_streets`,
    );
    // Cameras in order along the streets (cameras of low-numbered streets get the most events).
    // House numbers like 14, 18A, 22/3; positions along the line with a little jitter.
    await db.query(
      `INSERT INTO cameras (id, owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, health, last_probed_at)
       SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, '00000000-0000-4000-8000-00000000aaaa', 'cam ' || i,
              ('00000000-0000-4000-9000-' || lpad(to_hex(st.w), 12, '0'))::uuid, st.name,
              (2 + (i % per) * 4)::text || CASE WHEN i % 5 = 0 THEN 'A' WHEN i % 7 = 0 THEN '/3' ELSE '' END,
              ST_Y(p) + (random() - 0.5) * 0.0001, ST_X(p) + (random() - 0.5) * 0.0001,
              '10.88.' || (i / 256) || '.' || (i % 256), 80, '/onvif/device_service', 'x', '{}', 'Profile_1', 'rtsp://10.88.0.1/s', 'H264', 320, 240, 0, 'active', 'online', now()
       FROM generate_series(0, ${CAMERAS - 1}) i
       CROSS JOIN LATERAL (SELECT ${Math.max(1, Math.floor(CAMERAS / STREETS))} AS per) k
       JOIN bench_streets st ON st.s = (i::bigint * ${STREETS} / ${CAMERAS})
       CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(st.line, ((i % per) + 0.5) / per::float8) AS p) pt`,
    );
    // Consent: 1 in 20 without police search, 1 in 20 withdrawn, 1 in 20 night-only (22:00-06:00), the rest everything.
    await db.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, active_hours, notice_version, notice_language, method, given_by, given_at)
       SELECT c.id, 1, 'given',
              CASE WHEN n % 20 = 0 THEN '{event_metadata,clips}'::text[] ELSE '{event_metadata,clips,police_search}'::text[] END,
              30, CASE WHEN n % 3 = 0 THEN 'auto_release' ELSE 'ask' END,
              CASE WHEN n % 20 = 2 THEN '{"from":"22:00","to":"06:00"}'::jsonb END, '2026-11', 'vi', 'api', c.owner_id, now() - interval '100 days'
       FROM (SELECT id, owner_id, row_number() OVER (ORDER BY id) - 1 AS n FROM cameras) c`,
    );
    await db.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       SELECT c.id, 2, 'withdrawn', '{event_metadata,clips,police_search}', 30, 'ask', '2026-11', 'vi', 'api', c.owner_id, now() - interval '10 days'
       FROM (SELECT id, owner_id, row_number() OVER (ORDER BY id) - 1 AS n FROM cameras) c WHERE n % 20 = 1`,
    );
  });

  // The big table: one partition per day of data (as the worker makes them ahead), loaded without its
  // indexes and foreign keys, which are rebuilt afterwards (as migration MotionEventsByDay defines them).
  // motion_event_keys (ingest's dedupe) is left empty: no search reads it.
  await db.query(
    `SELECT motion_events_add_day(d::date) FROM generate_series(to_timestamp(${DATA_START / 1000}) AT TIME ZONE 'UTC', to_timestamp(${DATA_END / 1000}) AT TIME ZONE 'UTC', interval '1 day') d`,
  );
  await db.query(`ALTER TABLE clips DROP CONSTRAINT fk_clips_motion_event`);
  await db.query(`ALTER TABLE motion_event_keys DROP CONSTRAINT fk_motion_event_keys_event`);
  await db.query(`ALTER TABLE motion_events DROP CONSTRAINT fk_motion_events_camera, DROP CONSTRAINT pk_motion_events`);
  await db.query(`DROP INDEX idx_motion_events_camera_started, idx_motion_events_started, idx_motion_events_open`);
  const chunk = 1_000_000;
  await timed(`${EVENTS.toLocaleString('en')} motion events`, async () => {
    for (let lo = 0; lo < EVENTS; lo += chunk) {
      const hi = Math.min(EVENTS, lo + chunk) - 1;
      // Rows in time order (as ingest writes them). Camera: skewed to low numbers (busy streets), u^1.5.
      // Time of day: warped towards local midnight (density about 4x at night than at noon).
      await db.query(
        `INSERT INTO motion_events (id, camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at,
           clock_offset_ms, closed_by, dedupe_key, indexed_at)
         SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(cam), 12, '0'))::uuid,
                CASE WHEN g % 33 = 0 THEN 'analytics' ELSE 'motion' END,
                CASE WHEN g % 33 = 0 THEN 'tns1:RuleEngine/LineDetector/Crossed' ELSE 'tns1:RuleEngine/CellMotionDetector/Motion' END,
                'Rule=MyMotionDetectorRule;VideoSourceConfigurationToken=VideoSourceConfig_1',
                at, at + make_interval(secs => 3 + len * 60), at, at + make_interval(secs => 3 + len * 60), 0, 'stop',
                md5(g::text) || lpad(to_hex(g), 8, '0'), at + interval '300 milliseconds'
         FROM (
           SELECT g, floor(${CAMERAS} * power(random(), 1.5))::int AS cam, random() AS len,
                  to_timestamp(${DATA_START / 1000}) + make_interval(days => (g::bigint * ${DAYS} / ${EVENTS})::int)
                    + make_interval(secs => 86400 * (u - 0.6 * sin(2 * pi() * u) / (2 * pi()))) AS at
           FROM (SELECT g, random() AS u FROM generate_series(${lo}, ${hi}) g) r
         ) e`,
      );
      process.stdout.write(`    ${(hi + 1).toLocaleString('en')} events\r`);
    }
    process.stdout.write('\n');
  });
  await timed('motion_events indexes and keys', async () => {
    await db.query(`ALTER TABLE motion_events ADD CONSTRAINT pk_motion_events PRIMARY KEY ("id", "started_at")`);
    await db.query(`CREATE INDEX "idx_motion_events_camera_started" ON "motion_events" ("camera_id", "started_at")`);
    await db.query(`CREATE INDEX "idx_motion_events_started" ON "motion_events" ("started_at")`);
    await db.query(
      `CREATE INDEX "idx_motion_events_open" ON "motion_events" ("camera_id", "started_at") WHERE "kind" = 'motion' AND "ended_at" IS NULL`,
    );
    await db.query(
      `ALTER TABLE motion_event_keys ADD CONSTRAINT "fk_motion_event_keys_event" FOREIGN KEY ("event_id", "event_started_at")
       REFERENCES "motion_events"("id", "started_at") ON DELETE CASCADE`,
    );
    await db.query(
      `ALTER TABLE motion_events ADD CONSTRAINT "fk_motion_events_camera" FOREIGN KEY ("camera_id") REFERENCES "cameras"("id") ON DELETE CASCADE`,
    );
  });
  await timed('clips (~2% of events) and gaps', async () => {
    await db.query(
      `INSERT INTO clips (camera_id, motion_event_id, motion_event_started_at, status, requested_from, requested_to, retain_until)
       SELECT camera_id, id, started_at, CASE WHEN random() < 0.9 THEN 'stored' ELSE 'failed' END, started_at - interval '5 seconds', ended_at + interval '5 seconds',
              started_at + interval '30 days'
       FROM motion_events TABLESAMPLE BERNOULLI (2)`,
    );
    await db.query(
      `ALTER TABLE clips ADD CONSTRAINT "fk_clips_motion_event" FOREIGN KEY ("motion_event_id", "motion_event_started_at")
       REFERENCES "motion_events"("id", "started_at") ON DELETE RESTRICT`,
    );
    // About one gap per camera every three days, 1-120 minutes; 1% of cameras have one still open.
    await db.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at, ended_at)
       SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(k % ${CAMERAS}), 12, '0'))::uuid,
              (ARRAY['offline', 'subscription_lost', 'stream_lost', 'auth_failed'])[1 + k % 4], at, at + make_interval(mins => 1 + (k % 120))
       FROM (SELECT k, to_timestamp(${DATA_START / 1000}) + random() * make_interval(days => ${DAYS}) AS at
             FROM generate_series(0, ${Math.floor((CAMERAS * DAYS) / 3) - 1}) k) t`,
    );
    await db.query(
      `INSERT INTO camera_gaps (camera_id, reason, started_at) SELECT id, 'offline', to_timestamp(${DATA_END / 1000}) - interval '3 hours' FROM cameras WHERE random() < 0.01`,
    );
  });
  await timed('VACUUM ANALYZE', async () => {
    for (const table of ['motion_events', 'clips', 'camera_gaps', 'cameras', 'camera_consents', 'streets', 'wards']) {
      await db.query(`VACUUM ANALYZE ${table}`);
    }
  });
  await db.query(`CREATE TABLE bench_meta AS SELECT $1::bigint AS events, $2::int AS cameras, $3::int AS days`, [EVENTS, CAMERAS, DAYS]);
}

/**
 * Directions of view for four cameras in five (the rest have none), from the camera id so that runs
 * compare; on a reused database loaded before cameras had directions, too.
 */
async function giveDirections(db: Client): Promise<void> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(view_azimuth_deg) AS n FROM cameras`);
  if (Number(rows[0].n) > 0) return;
  await timed('directions of view (4 cameras in 5)', async () => {
    await db.query(
      `UPDATE cameras SET view_azimuth_deg = abs(hashtext(id::text)) % 360, view_angle_deg = 60 + abs(hashtext(id::text || 'a')) % 61,
              view_range_m = 20 + abs(hashtext(id::text || 'r')) % 41
       WHERE abs(hashtext(id::text || 'n')) % 5 <> 0`,
    );
    await db.query(`VACUUM ANALYZE cameras`);
  });
}

type Kind = 'street' | 'radius' | 'polygon' | 'ward';
const KINDS: { kind: Kind; label: string; hours: number }[] = [
  { kind: 'street', label: 'street + 24 h', hours: 24 },
  { kind: 'radius', label: 'radius 300 m + 6 h', hours: 6 },
  { kind: 'polygon', label: 'polygon 300 m x 300 m + 6 h', hours: 6 },
  { kind: 'ward', label: 'ward + 1 h', hours: 1 },
];

const unaccent = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

/** RUNS searches of a kind: random places and windows over the loaded days; street names as typed, unaccented, or typo'd. */
function searches(kind: Kind, hours: number, positions: { latitude: number; longitude: number }[]): CameraSearchParams[] {
  const random = rng(kind.length * 7919 + hours);
  return Array.from({ length: RUNS }, (_, i) => {
    const start = DATA_START + Math.floor(random() * (DATA_END - DATA_START - hours * 3_600_000));
    const window = { from: new Date(start), to: new Date(start + hours * 3_600_000) };
    if (kind === 'street') {
      const name = streetName(Math.floor(random() * STREETS));
      const plain = unaccent(name);
      const cut = 3 + Math.floor(random() * (plain.length - 4));
      const typed = [name, plain, plain.slice(0, cut) + plain.slice(cut + 1)][i % 3];
      return { street: typed, ...window };
    }
    if (kind === 'radius') {
      const p = positions[Math.floor(random() * positions.length)];
      return { lat: p.latitude + (random() - 0.5) * 0.002, lon: p.longitude + (random() - 0.5) * 0.002, radiusM: 300, ...window };
    }
    if (kind === 'polygon') {
      // Over busy streets: around a camera of the first fifth (low-numbered streets get the most events).
      const p = positions[Math.floor(random() * (positions.length / 5))];
      const lat = p.latitude + (random() - 0.5) * 0.001;
      const lon = p.longitude + (random() - 0.5) * 0.001;
      const dLat = 150 / 110_600;
      const dLon = 150 / (111_320 * Math.cos((lat * Math.PI) / 180));
      const ring: [number, number][] = [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ];
      return { polygon: { type: 'Polygon', coordinates: [ring] }, ...window };
    }
    return {
      wardId: `00000000-0000-4000-9000-${Math.floor(random() * WARDS)
        .toString(16)
        .padStart(12, '0')}`,
      ...window,
    };
  });
}

/**
 * The same search written by hand for a plain connection: the comparison shows what the service adds
 * (validation, statement building, TypeORM's query path, mapping, the audit entry).
 */
/** The searched area by hand: the area, its centre, "near it" and the distance to it, over parameters from $first. */
function handArea(kind: 'radius' | 'polygon', first: number) {
  const [a, b, c] = [first, first + 1, first + 2].map((n) => `$${n}`);
  if (kind === 'radius') {
    const point = `ST_SetSRID(ST_MakePoint(${b}::float8, ${a}::float8), 4326)::geography`;
    return {
      area: `ST_Buffer(${point}, ${c}::float8, 'quad_segs=16')`,
      centre: point,
      near: `ST_DWithin(c.location, ${point}, ${c}::float8 + 50)`,
      toArea: `greatest(0, ST_Distance(c.location, ${point}) - ${c}::float8)`,
    };
  }
  const area = `ST_SetSRID(ST_GeomFromGeoJSON(${a}::text), 4326)::geography`;
  return { area, centre: `ST_Centroid(${area})`, near: `ST_DWithin(c.location, ${area}, 50)`, toArea: `ST_Distance(c.location, ${area})` };
}
const CONE = `c.view_cone`;
const areaValues = (p: CameraSearchParams) => (p.polygon ? [JSON.stringify(p.polygon)] : [p.lat, p.lon, p.radiusM]);

/** An area's coverage by hand: the area less the consenting cameras' cones. */
function handCoverage(kind: 'radius' | 'polygon', p: CameraSearchParams): { text: string; values: unknown[] } {
  const a = handArea(kind, 1);
  const text = `
    SELECT ST_AsGeoJSON(${a.area}) AS area, ST_Area(${a.area}) AS m2,
           ST_AsGeoJSON(ST_Difference(${a.area}::geometry, coalesce(u.g, ST_SetSRID('POLYGON EMPTY'::geometry, 4326)))) AS uncovered
    FROM (SELECT ST_Union(ST_Intersection(${CONE}::geometry, ${a.area}::geometry)) AS g
          FROM cameras c
          JOIN LATERAL (SELECT * FROM camera_consents k WHERE k.camera_id = c.id ORDER BY k.version DESC LIMIT 1) cc ON true
          WHERE ST_Intersects(${CONE}, ${a.area}) AND cc.state = 'given' AND 'police_search' = ANY (cc.purposes)) u`;
  return { text, values: areaValues(p) };
}

function handWritten(kind: Kind, p: CameraSearchParams): { text: string; values: unknown[] } {
  const cols = `c.id, c.label, c.ward_id, c.street, c.house_number, c.alley, c.residential_group, c.latitude, c.longitude, c.health,
                c.view_azimuth_deg, c.view_angle_deg, c.view_range_m`;
  const area = (k: 'radius' | 'polygon') => {
    const a = handArea(k, 3);
    return `SELECT ${cols},
                   CASE WHEN ST_Intersects(${CONE}, ${a.area})
                        THEN -1 - least(1, ST_Area(ST_Intersection(${CONE}::geometry, (${a.area})::geometry)::geography) / ST_Area(${a.area}))
                        ELSE ${a.toArea} END::float8 AS k1,
                   ST_Distance(c.location, ${a.centre})::float8 AS k2
            FROM cameras c
            WHERE (${a.near} OR ST_Intersects(${CONE}, ${a.area}))`;
  };
  const candidates = {
    street: `SELECT ${cols}, -1::float8 AS k1, coalesce(search_house_main(c.house_number), 2147483647)::float8 AS k2
             FROM cameras c WHERE c.street_search = search_normalise($3)
             UNION ALL
             SELECT ${cols}, -similarity(c.street_search, search_normalise($3))::float8, coalesce(search_house_main(c.house_number), 2147483647)::float8
             FROM cameras c
             WHERE NOT EXISTS (SELECT 1 FROM cameras x WHERE x.street_search = search_normalise($3))
               AND c.street_search % search_normalise($3) AND similarity(c.street_search, search_normalise($3)) >= 0.5`,
    radius: area('radius'),
    polygon: area('polygon'),
    ward: `SELECT ${cols}, 0::float8 AS k1, 0::float8 AS k2 FROM cameras c WHERE c.ward_id = $3`,
  }[kind];
  const extra = kind === 'street' ? [p.street] : kind === 'ward' ? [p.wardId] : areaValues(p);
  const text = `
    SELECT c.id, c.label, c.street, c.house_number, c.alley, c.residential_group, c.latitude, c.longitude, c.health, w.code, w.name,
           cc.version, cc.purposes, cc.sharing_mode, cc.active_hours,
           (SELECT coalesce(json_agg(json_build_object('id', e.id, 'kind', e.kind, 'topic', e.topic, 'startedAt', e.started_at,
                      'endedAt', e.ended_at, 'hasClip', EXISTS (SELECT 1 FROM clips k WHERE k.camera_id = c.id AND k.status = 'stored' AND k.requested_from <= e.started_at AND k.requested_to >= e.started_at))
                    ORDER BY e.started_at, e.id), '[]')
              FROM (SELECT * FROM motion_events e
                    WHERE e.camera_id = c.id AND e.started_at >= $1::timestamptz - interval '1 hour' AND e.started_at < $2
                      AND (e.started_at >= $1 OR e.ended_at IS NULL OR e.ended_at > $1)
                      AND (cc.active_hours IS NULL OR consent_within_active_hours(e.started_at, cc.active_hours))
                    ORDER BY e.started_at, e.id LIMIT 101) e) AS events,
           (SELECT coalesce(json_agg(json_build_object('reason', g.reason, 'startedAt', g.started_at, 'endedAt', g.ended_at) ORDER BY g.started_at), '[]')
              FROM (SELECT * FROM camera_gaps g WHERE g.camera_id = c.id AND g.started_at < $2 AND (g.ended_at IS NULL OR g.ended_at > $1)
                    ORDER BY g.started_at LIMIT 50) g) AS gaps
    FROM (${candidates}) c
    JOIN wards w ON w.id = c.ward_id
    JOIN LATERAL (SELECT * FROM camera_consents k WHERE k.camera_id = c.id ORDER BY k.version DESC LIMIT 1) cc ON true
    WHERE cc.state = 'given' AND 'police_search' = ANY (cc.purposes)
    ORDER BY c.k1, c.k2, c.id
    LIMIT 21`;
  return { text, values: [p.from, p.to, ...extra] };
}

/** The scans of a plan (which tables, which indexes), its buffers and its time. */
function summarisePlan(plan: Record<string, unknown>): string[] {
  const scans = new Map<string, number>();
  const walk = (node: Record<string, unknown>) => {
    const type = node['Node Type'] as string;
    if (type.includes('Scan')) {
      const relation = (node['Relation Name'] as string | undefined) ?? (node['Alias'] as string | undefined) ?? '?';
      const index = node['Index Name'] as string | undefined;
      const what = `${type} on ${relation}${index ? ` using ${index}` : ''}`;
      scans.set(what, (scans.get(what) ?? 0) + Number(node['Actual Loops'] ?? 1));
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const root = plan.Plan as Record<string, unknown>;
  walk(root);
  // Partition pruning: how many day partitions of motion_events the plan read (of how many there are).
  const partitions = new Set([...scans.keys()].map((w) => /on (motion_events_(?:\d{8}|default))\b/.exec(w)?.[1]).filter(Boolean));
  return [
    ...(partitions.size ? [`motion_events partitions read: ${partitions.size} (${[...partitions].sort().join(', ').slice(0, 160)})`] : []),
    `execution ${Number(plan['Execution Time']).toFixed(2)} ms, planning ${Number(plan['Planning Time']).toFixed(2)} ms, ` +
      `buffers hit ${String(root['Shared Hit Blocks'])} read ${String(root['Shared Read Blocks'])}`,
    ...[...scans].map(([what, loops]) => `${what} (${loops} loop${loops === 1 ? '' : 's'})`),
  ];
}

async function main(): Promise<void> {
  const env = readEnvironment({ ...process.env, NODE_ENV: 'test' });
  const ownerUrl = env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  const appUrl = env.DATABASE_URL!.replace(/\/[^/]*$/, `/${DATABASE}`);
  const admin = new Client({ connectionString: env.DATABASE_MIGRATION_URL!.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DATABASE])).rowCount === 1;
  let reuse = false;
  if (values.reuse && exists) {
    const probe = new Client({ connectionString: ownerUrl });
    await probe.connect();
    const meta = await probe
      .query(`SELECT events, cameras, days FROM bench_meta`)
      .catch(() => ({ rows: [] as { events: string; cameras: number; days: number }[] }));
    reuse =
      meta.rows.length === 1 && Number(meta.rows[0].events) === EVENTS && meta.rows[0].cameras === CAMERAS && meta.rows[0].days === DAYS;
    await probe.end();
  }
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  }
  await admin.end();
  await runMigrations(ownerUrl);

  const db = new Client({ connectionString: ownerUrl });
  await db.connect();
  console.log(
    `synthetic city: ${WARDS} wards, ${STREETS} streets, ${CAMERAS} cameras, ${EVENTS.toLocaleString('en')} events over ${DAYS} days`,
  );
  if (reuse) console.log('  (reusing the loaded database)');
  else await timed('load in total', () => load(db));
  await giveDirections(db);
  const sizes = (
    await db.query(
      `SELECT (SELECT count(*) FROM motion_events) AS events, (SELECT count(*) FROM clips) AS clips, (SELECT count(*) FROM camera_gaps) AS gaps,
              (SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'motion_events'::regclass) AS size`,
    )
  ).rows[0];
  console.log(
    `  motion_events ${Number(sizes.events).toLocaleString('en')} rows (${sizes.size} with indexes), clips ${sizes.clips}, gaps ${sizes.gaps}`,
  );
  const positions = (await db.query<{ latitude: number; longitude: number }>(`SELECT latitude, longitude FROM cameras ORDER BY id`)).rows;
  // The hand-written audit append: what any audited search must write at least, durably, before it
  // answers: the entry (who, what, the parameters and results) and one row per returned camera for the
  // owners' access logs, in one statement and one commit. Scratch tables shaped like audit_queue and
  // audit_entry_cameras, outside the chain.
  await db.query(`DROP TABLE IF EXISTS bench_hand_audit, bench_hand_audit_cameras`);
  await db.query(
    `CREATE TABLE bench_hand_audit (id bigserial PRIMARY KEY, at timestamptz NOT NULL, actor_id uuid, actor_role varchar(32) NOT NULL,
                                    action varchar(64) NOT NULL, details jsonb NOT NULL, camera_ids uuid[] NOT NULL)`,
  );
  await db.query(`CREATE TABLE bench_hand_audit_cameras (camera_id uuid NOT NULL, id bigint NOT NULL, PRIMARY KEY (camera_id, id))`);
  await db.query(`GRANT SELECT, INSERT ON bench_hand_audit, bench_hand_audit_cameras TO wardwatch_app`);
  await db.query(`GRANT USAGE ON SEQUENCE bench_hand_audit_id_seq TO wardwatch_app`);

  const config = loadConfig(ApiConfig, { ...env, DATABASE_URL: appUrl, LOG_LEVEL: 'error', DATABASE_POOL_SIZE: '4' });
  const app = await NestFactory.createApplicationContext(
    {
      module: class BenchSearchModule {},
      imports: [ConfigModule.forRoot(ApiConfig, config), DatabaseModule.forRoot('wardwatch-bench-search'), SearchModule],
    },
    { logger: ['error', 'warn'] },
  );
  const service = app.get(SearchService);
  const repository = app.get(SearchRepository, { strict: false });
  const officer: Principal = { userId: '00000000-0000-4000-8000-00000000bbbb', role: 'officer', email: 'officer@bench.wardwatch' };
  const hand = new Client({ connectionString: appUrl });
  await hand.connect();
  // Area searches ask for their coverage beside the page, as the service does on a second connection.
  const hand2 = new Client({ connectionString: appUrl });
  await hand2.connect();
  const handRun = async (kind: Kind, p: CameraSearchParams): Promise<string[]> => {
    const h = handWritten(kind, p);
    const page = hand.query<{ id: string }>(h.text, h.values);
    if (kind === 'radius' || kind === 'polygon') {
      const c = handCoverage(kind, p);
      await hand2.query(c.text, c.values);
    }
    return (await page).rows.map((r) => r.id);
  };
  const handAudit = async (p: CameraSearchParams, cameraIds: string[]) => {
    await hand.query(
      `WITH entry AS (
         INSERT INTO bench_hand_audit (at, actor_id, actor_role, action, details, camera_ids)
         VALUES (now(), $1, 'officer', 'search.performed', $2::jsonb, $3::uuid[]) RETURNING id)
       INSERT INTO bench_hand_audit_cameras (camera_id, id) SELECT c, entry.id FROM entry, unnest($3::uuid[]) c`,
      [officer.userId, JSON.stringify({ params: p, results: { cameras: cameraIds.length } }), cameraIds],
    );
  };

  console.log('');
  const report: string[] = [];
  const only = new Set(values.kinds.split(','));
  for (const { kind, label, hours } of KINDS.filter((k) => only.has(k.kind))) {
    const params = searches(kind, hours, positions);
    // Warm the caches with the same searches, both ways, before timing.
    for (const p of params) {
      await service.searchCameras(officer, p);
      await handRun(kind, p);
    }
    // The four ways take turns on each search, first in rotation (search i starts with way i mod 4),
    // so that load from outside the benchmark falls on all of them alike, and each way is the first
    // to meet a search's pages as often as the others (the one after it finds them in shared buffers).
    const ways: ((p: CameraSearchParams) => Promise<unknown>)[] = [
      (p) => handRun(kind, p),
      // The same, then the hand-written audit append of the page's cameras: the floor for an audited search.
      async (p) => {
        const ids = await handRun(kind, p);
        await handAudit(p, ids.slice(0, 20));
        return ids;
      },
      async (p) => {
        const search = parseCameraSearch(p, config.SEARCH_MAX_WINDOW_HOURS);
        const [page] = await Promise.all([
          repository.findCameras(search),
          isAreaCriterion(search.place) ? repository.areaCoverage(search.place) : null,
        ]);
        return page;
      },
      (p) => service.searchCameras(officer, p),
    ];
    const passes = ways.map(() => ({ times: [] as number[], results: [] as unknown[] }));
    for (const [i, p] of params.entries()) {
      for (let k = 0; k < ways.length; k++) {
        const w = (i + k) % ways.length;
        const t0 = performance.now();
        passes[w].results[i] = await ways[w](p);
        passes[w].times.push(performance.now() - t0);
      }
    }
    const [handPass, handAuditedPass, queryPass, servicePass] = passes as [
      { times: number[]; results: string[][] },
      { times: number[]; results: string[][] },
      { times: number[]; results: unknown[] },
      { times: number[]; results: SearchPage[] },
    ];
    const [handTimes, handAuditedTimes, queryTimes, serviceTimes] = [
      handPass.times,
      handAuditedPass.times,
      queryPass.times,
      servicePass.times,
    ];
    let cameras = 0;
    let events = 0;
    let mismatches = 0;
    servicePass.results.forEach((page, i) => {
      cameras += page.cameras.length;
      events += page.cameras.reduce((n, c) => n + c.events.length, 0);
      const handIds = handPass.results[i].slice(0, page.cameras.length);
      if (handIds.join() !== page.cameras.map((c) => c.id).join()) mismatches += 1;
    });
    serviceTimes.sort((a, b) => a - b);
    queryTimes.sort((a, b) => a - b);
    handTimes.sort((a, b) => a - b);
    handAuditedTimes.sort((a, b) => a - b);
    const line = (name: string, times: number[]) => {
      const [p50, p95, p99] = [50, 95, 99].map((q) => percentile(times, q));
      return `    ${name.padEnd(34)} p50 ${ms(p50)}  p95 ${ms(p95)}  p99 ${ms(p99)} ms`;
    };
    const ratio = (times: number[], to = handTimes) =>
      `${(percentile(times, 95) / percentile(to, 95)).toFixed(2)} (${ms(percentile(times, 95) - percentile(to, 95)).trim()} ms)`;
    console.log(`${label}: ${(cameras / RUNS).toFixed(1)} cameras and ${(events / RUNS).toFixed(1)} events per search (first page of 20)`);
    console.log(line('SearchService.searchCameras', serviceTimes));
    console.log(line('  its query path (no audit entry)', queryTimes));
    console.log(line('hand-written SQL', handTimes));
    console.log(line('hand-written SQL + audit INSERT', handAuditedTimes));
    const met = (times: number[]) =>
      percentile(times, 95) < 50 && percentile(times, 95) / percentile(handAuditedTimes, 95) <= 1.2 ? 'MET' : 'MISSED';
    console.log(
      `    p95 ratio: service to hand-written with its audit INSERT ${ratio(serviceTimes, handAuditedTimes)} [target p95 < 50 ms and <= 1.2x: ${met(serviceTimes)}]`,
    );
    console.log(
      `               service to the SQL alone ${ratio(serviceTimes)}, query path to the SQL alone ${ratio(queryTimes)}; result mismatches ${mismatches}`,
    );

    // The plan of a typical search of this kind (the median-time one), as the service runs it.
    const typical = params[Math.floor(RUNS / 2)];
    const sql = buildCameraSearchSql(parseCameraSearch(typical, config.SEARCH_MAX_WINDOW_HOURS));
    const [explained] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql.text}`, sql.values)).rows[0]['QUERY PLAN'];
    const summary = summarisePlan(explained);
    const seqScans = summary.filter((l) => /^Seq Scan on (motion_events|cameras|clips|camera_gaps)/.test(l));
    report.push(`${label} (${JSON.stringify(typical.street ?? typical.wardId ?? [typical.lat, typical.lon])}):`);
    report.push(...summary.map((l) => `    ${l}`));
    if (seqScans.length) report.push(`    WARNING: sequential scan of a large table: ${seqScans.join('; ')}`);
    const place = parseCameraSearch(typical, config.SEARCH_MAX_WINDOW_HOURS).place;
    if (isAreaCriterion(place)) {
      const coverage = buildAreaCoverageSql(place);
      const [covered] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${coverage.text}`, coverage.values)).rows[0]['QUERY PLAN'];
      const lines = summarisePlan(covered);
      report.push(`  its coverage (uncovered area over all consenting cameras):`, ...lines.map((l) => `    ${l}`));
      if (![...summary, ...lines].some((l) => l.includes('idx_cameras_view_cone')))
        report.push('    WARNING: the view-cone GiST index idx_cameras_view_cone is not used');
    }
  }
  // What the audit entry alone costs (a chain append: advisory lock, head, insert, commit), for the breakdown.
  const audit = app.get(AuditService, { strict: false });
  const auditTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await audit.record({ actor: { userId: officer.userId, role: officer.role }, action: 'bench.audit_only', subject: { type: 'bench' } });
    auditTimes.push(performance.now() - t0);
  }
  auditTimes.sort((a, b) => a - b);
  console.log(
    `audit entry alone (chain append, committed): p50 ${ms(percentile(auditTimes, 50))}  p95 ${ms(percentile(auditTimes, 95))}  p99 ${ms(percentile(auditTimes, 99))} ms`,
  );
  // What a search waits for (recordQueued: the queue row committed; the seal follows without it).
  const queuedTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await audit.recordQueued({
      actor: { userId: officer.userId, role: officer.role },
      action: 'bench.audit_only',
      subject: { type: 'bench' },
    });
    queuedTimes.push(performance.now() - t0);
  }
  queuedTimes.sort((a, b) => a - b);
  console.log(
    `audit entry as a search waits for it (queued, committed): p50 ${ms(percentile(queuedTimes, 50))}  p95 ${ms(percentile(queuedTimes, 95))}  p99 ${ms(percentile(queuedTimes, 99))} ms`,
  );
  console.log('');
  console.log(
    'SearchService = validation, SQL through TypeORM, mapping and the audit entry (chained); query path = the same without the audit entry; ' +
      'hand-written = the SQL alone on a plain pg connection; + audit INSERT = then the entry and its camera rows in one committed statement, no chain',
  );
  console.log('');
  console.log('plans (EXPLAIN ANALYZE, BUFFERS) of a typical search of each kind:');
  for (const line of report) console.log(`  ${line}`);

  await hand.end();
  await hand2.end();
  await app.close();
  await db.end();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
