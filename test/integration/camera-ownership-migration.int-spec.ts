import { CameraOwnershipAndAccessLog1796117670485 } from '../../libs/database/src/migrations/1796117670485-CameraOwnershipAndAccessLog';
import { openMigrationHarness, type MigrationHarness } from '../support/migration-harness';
import type { TestDatabase } from '../support/test-database';

/**
 * The ownership migration on an installation that already has what it forbids: a camera
 * enrolled twice must stop the migration with the ids to resolve, not pick a winner; and audit
 * entries written before it must be found in the per-camera index afterwards.
 */
describe('migration: one active enrolment per camera, and the per-camera audit index', () => {
  let harness: MigrationHarness;
  let db: TestDatabase;
  const run = (step: 'up' | 'down') => harness.run(step);

  beforeAll(async () => {
    harness = await openMigrationHarness(new CameraOwnershipAndAccessLog1796117670485());
    ({ db } = harness);
    await run('down'); // back to the schema before it
  });
  afterAll(() => harness.close());

  const camera = async (owner: string, ward: string, port: number, serial: string, lifecycle = 'active') =>
    (
      await db.owner.query(
        `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
           credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
         VALUES ($1, 'c', $2, 's', '1', 10.79, 106.69, '10.88.0.5', $3, '/onvif/device_service', '/onvif/Events', 'x', $4, 'p',
           'rtsp://10.88.0.5/c', 'H264', 320, 240, 0, $5, now()) RETURNING id`,
        [owner, ward, port, JSON.stringify({ manufacturer: 'Acme', serialNumber: serial }), lifecycle],
      )
    ).rows[0].id as string;

  it('stops with the ids of a camera enrolled twice, and runs once it is resolved; old entries are indexed', async () => {
    const user = async (email: string) =>
      (
        await db.owner.query(`INSERT INTO users (email, display_name, role, password_hash) VALUES ($1, $1, 'resident', 'x') RETURNING id`, [
          email,
        ])
      ).rows[0].id as string;
    const [owner, impostor] = [await user('owner@x.test'), await user('impostor@x.test')];
    const ward = (await db.owner.query(`INSERT INTO wards (code, name) VALUES ('m', 'm') RETURNING id`)).rows[0].id as string;
    const real = await camera(owner, ward, 80, 'SN-1');
    const copy = await camera(impostor, ward, 8080, 'sn-1 ');
    await camera(impostor, ward, 80, 'SN-9', 'withdrawn'); // withdrawn: no conflict
    await db.owner.query(
      `INSERT INTO audit_entries (seq, at, actor_role, action, subject_type, camera_id, details, prev_hash, hash)
       VALUES (1, now(), 'officer', 'search.performed', 'camera_search', NULL, $1, repeat('0', 64), repeat('a', 64)),
              (2, now(), 'officer', 'link.issued', 'clip', $2, '{}', repeat('a', 64), repeat('b', 64))`,
      [JSON.stringify({ cameraIds: [real, copy] }), real],
    );

    await expect(run('up')).rejects.toThrow(new RegExp(`enrolled more than once.*${real} = ${copy}`));

    await db.owner.query(`UPDATE cameras SET lifecycle = 'withdrawn' WHERE id = $1`, [copy]);
    await run('up');
    const indexed = await db.owner.query(`SELECT camera_id, seq::int AS seq FROM audit_entry_cameras ORDER BY seq, camera_id`);
    expect(indexed.rows).toEqual(
      [
        { camera_id: real, seq: 1 },
        { camera_id: copy, seq: 1 },
        { camera_id: real, seq: 2 },
      ].sort((a, b) => a.seq - b.seq || a.camera_id.localeCompare(b.camera_id)),
    );
    await expect(camera(impostor, ward, 9000, 'SN-1')).rejects.toThrow(/uq_cameras_active_device/);
  });
});
