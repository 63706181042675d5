import { AuditEntryEntity, GENESIS_HASH, hashAuditEntry } from '@wardwatch/audit';
import { addMonths, FIGURES, monthAt, REPORT_SQL, reportParams, type FigureKey } from '@wardwatch/transparency';
import { CameraSimulator, type SimulatorInfo } from '../../apps/camera-sim/src';
import { startApi, type ApiHarness } from '../support/api-harness';
import { seedTransparencyRun, type TransparencyRun } from '../support/seed-transparency';

const ZONE = 'Asia/Ho_Chi_Minh';

interface Report {
  generatedAt: string;
  timeZone: string;
  threshold: number;
  from: string;
  to: string;
  months: { month: string; wardId: string; wardName: string; figures: Record<FigureKey, { value: number | null; suppressed: boolean }> }[];
  wards: { id: string; code: string; name: string }[];
  notes: string[];
}

/** The figure as the audit log has it, counted independently of the report's SQL: entries with a camera of the ward. */
async function auditCount(h: ApiHarness, action: string, wardId: string, from: Date, to: Date): Promise<number> {
  const { rows } = await h.db.owner.query(
    `SELECT count(*)::int AS n FROM audit_entries e
     WHERE e.action = $1 AND e.at >= $3 AND e.at < $4
       AND EXISTS (SELECT 1 FROM cameras c WHERE c.ward_id = $2 AND (c.id = e.camera_id OR COALESCE(e.details -> 'cameraIds', '[]') ? c.id::text))`,
    [action, wardId, from, to],
  );
  return rows[0].n as number;
}

describe('GET /transparency/report: the public report, from the audit log', () => {
  let h: ApiHarness;
  let sim: CameraSimulator;
  let info: SimulatorInfo;
  let run: TransparencyRun;
  let month: string;
  let monthStart: Date;
  let nextMonthStart: Date;

  beforeAll(async () => {
    sim = new CameraSimulator();
    info = await sim.start({ cameras: 7, basePort: 0, controlPort: null, video: false });
    h = await startApi();
    run = await seedTransparencyRun(h, info.cameras);
    month = monthAt(new Date(), ZONE);
    monthStart = new Date(`${month}-01T00:00:00+07:00`);
    nextMonthStart = new Date(`${addMonths(month, 1)}-01T00:00:00+07:00`);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await sim?.stop();
  });

  it('needs no sign-in, and its figures equal the audit entries of each action, per ward', async () => {
    const res = await h.http().get(`/transparency/report?from=${month}&to=${month}`).expect(200);
    const report = res.body as Report;
    expect(report).toMatchObject({ timeZone: ZONE, threshold: 5, from: month, to: month });
    expect(report.wards.map((w) => w.code).sort()).toEqual(['demo-an-binh', 'demo-hoa-thuan']);
    expect(report.months).toHaveLength(2);
    for (const row of report.months) {
      for (const f of FIGURES) {
        const n = await auditCount(h, f.action, row.wardId, monthStart, nextMonthStart);
        const cell = row.figures[f.key];
        expect({ ward: row.wardName, figure: f.key, cell }).toEqual({
          ward: row.wardName,
          figure: f.key,
          cell: n > 0 && n < 5 ? { value: null, suppressed: true } : { value: n, suppressed: false },
        });
      }
    }
    // What the seeded run made, ward by ward; in a ward with every camera, the whole count(*) of the action.
    const anBinh = report.months.find((r) => r.wardId === run.wards.anBinh)!;
    const shown = (cells: Report['months'][number]['figures']) =>
      Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.suppressed ? '<5' : c.value]));
    expect(shown(anBinh.figures)).toEqual({
      requestsFiled: 6,
      supervisorApproved: 5,
      supervisorRejected: '<5',
      ownerApproved: '<5',
      ownerDeclined: '<5',
      releases: '<5',
      evidenceExports: '<5',
      camerasEnrolled: 6,
      camerasPaused: '<5',
      camerasWithdrawn: '<5',
    });
    const count = async (action: string) =>
      (await h.db.owner.query('SELECT count(*)::int AS n FROM audit_entries WHERE action = $1', [action])).rows[0].n as number;
    expect(await count('footage_request.filed')).toBe(6);
    expect(await count('footage_request.supervisor_approved')).toBe(5);
    // The request spanning both wards counts in each.
    const hoaThuan = report.months.find((r) => r.wardId === run.wards.hoaThuan)!;
    expect(shown(hoaThuan.figures)).toEqual({
      requestsFiled: '<5',
      supervisorApproved: '<5',
      supervisorRejected: 0,
      ownerApproved: '<5',
      ownerDeclined: 0,
      releases: '<5',
      evidenceExports: 0,
      camerasEnrolled: '<5',
      camerasPaused: 0,
      camerasWithdrawn: 0,
    });
    expect(report.notes.join(' ')).toMatch(/footage_request\.filed/);
  });

  it('one ward only, with wardId; an unknown ward is 404', async () => {
    const res = await h.http().get(`/transparency/report?from=${month}&to=${month}&wardId=${run.wards.hoaThuan}`).expect(200);
    expect((res.body as Report).months.map((r) => r.wardId)).toEqual([run.wards.hoaThuan]);
    await h.http().get('/transparency/report?wardId=5b0f6a0e-2c1d-4e8f-9a3b-7c6d5e4f3a2b').expect(404);
  });

  it('counts months in the ward’s time zone: 00:30 on the 1st in Hanoi is 17:30 UTC the day before', async () => {
    // Five enrolments half an hour either side of the ward's midnight that began last month.
    const last = addMonths(month, -1);
    const midnight = new Date(`${last}-01T00:00:00+07:00`).getTime();
    const camera = (await h.db.owner.query('SELECT id FROM cameras WHERE ward_id = $1 LIMIT 1', [run.wards.anBinh])).rows[0].id as string;
    for (const offset of [-30, 30]) for (let i = 0; i < 5; i++) await appendBackdated(h, new Date(midnight + offset * 60_000 + i), camera);
    const report = (
      await h
        .http()
        .get(`/transparency/report?from=${addMonths(last, -1)}&to=${last}&wardId=${run.wards.anBinh}`)
        .expect(200)
    ).body as Report;
    expect(report.months.map((r) => [r.month, r.figures.camerasEnrolled.value])).toEqual([
      [addMonths(last, -1), 5],
      [last, 5],
    ]);
  });

  it('serves the same rows as CSV: UTF-8 with a BOM, suppressed cells "<5"', async () => {
    const res = await h
      .http()
      .get(`/transparency/report.csv?from=${month}&to=${month}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',')).toEqual(['month', 'ward_id', 'ward_name', ...FIGURES.map((f) => f.column)]);
    const anBinh = lines.find((l) => l.includes(run.wards.anBinh))!;
    expect(anBinh.split(',').slice(3)).toEqual(['6', '5', '<5', '<5', '<5', '<5', '<5', '6', '<5', '<5']);
    expect(lines).toHaveLength(3);
  });

  it('refuses malformed, reversed, future and over-long periods with a problem', async () => {
    const bad = async (query: string, code: string) => {
      const res = await h.http().get(`/transparency/report?${query}`).expect(400);
      expect(res.body.code).toBe(code);
    };
    await bad('from=2026-13', 'validation.failed');
    await bad(`from=${month}&to=${addMonths(month, -1)}`, 'transparency.invalid_period');
    await bad(`to=${addMonths(month, 1)}`, 'transparency.invalid_period');
    await bad(`from=${addMonths(month, -24)}&to=${month}`, 'transparency.period_too_long');
    await h
      .http()
      .get(`/transparency/report?from=${addMonths(month, -23)}&to=${month}`)
      .expect(200);
  });

  it('is not audited per view', async () => {
    const before = (await h.db.owner.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n as number;
    await h.http().get('/transparency/report').expect(200);
    await h.http().get('/transparency/report.csv').expect(200);
    expect((await h.db.owner.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n).toBe(before);
  });

  it('its one query reads the audit log through idx_audit_entries_action_at, on a log mostly of other actions', async () => {
    const client = h.db.owner;
    await client.query('BEGIN');
    try {
      // A real month's log is mostly searches, views and sign-ins: 60,000 of them, then fresh statistics.
      await client.query(
        `INSERT INTO audit_entries (seq, at, actor_role, action, subject_type, details, prev_hash, hash)
         SELECT m.head + g, $1::timestamptz + g * interval '40 seconds', 'officer', 'search.performed', 'search', '{}', repeat('0', 64),
                md5(g::text) || md5('x' || g::text)
         FROM generate_series(1, 60000) g, (SELECT max(seq) AS head FROM audit_entries) m`,
        [monthStart],
      );
      await client.query('ANALYZE audit_entries');
      const plan = (await client.query(`EXPLAIN ${REPORT_SQL}`, reportParams(month, addMonths(month, 1), ZONE))).rows
        .map((r: Record<string, string>) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using idx_audit_entries_action_at|Bitmap Index Scan on idx_audit_entries_action_at/);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

/** An audit entry written at a chosen instant, linked into the chain as AuditService would (the owner may insert). */
async function appendBackdated(h: ApiHarness, at: Date, cameraId: string): Promise<void> {
  const head = (await h.db.owner.query('SELECT e.seq::text AS seq, e.hash FROM audit_entries e ORDER BY e.seq DESC LIMIT 1')).rows[0] as
    { seq: string; hash: string } | undefined;
  const e = new AuditEntryEntity();
  e.seq = head ? (BigInt(head.seq) + 1n).toString() : '1';
  e.at = at;
  e.actorId = null;
  e.actorRole = 'system';
  e.action = 'camera.enrolled';
  e.subjectType = 'camera';
  e.subjectId = cameraId;
  e.cameraId = cameraId;
  e.investigationId = null;
  e.details = { backdated: true };
  e.prevHash = head?.hash ?? GENESIS_HASH;
  e.hash = hashAuditEntry(e);
  await h.db.owner.query(
    `INSERT INTO audit_entries (seq, at, actor_id, actor_role, action, subject_type, subject_id, camera_id, investigation_id, details, prev_hash, hash)
     VALUES ($1, $2, NULL, 'system', $3, $4, $5, $6, NULL, $7, $8, $9)`,
    [e.seq, e.at, e.action, e.subjectType, e.subjectId, e.cameraId, e.details, e.prevHash, e.hash],
  );
}
