import type { Client } from 'pg';
import type { CredentialCipher } from '@wardwatch/cameras';

export interface SeedCamera {
  port: number;
  username: string;
  password: string;
}

/**
 * Writes active, consenting cameras straight into a database (as its owner), without the API's
 * probe: for benchmarks and for tests whose database is not the one the API harness makes.
 * Returns the camera ids in the order given.
 */
export async function seedCamerasDirectly(db: Client, cipher: CredentialCipher, cameras: SeedCamera[], label = 'seed'): Promise<string[]> {
  const user = (
    await db.query(`INSERT INTO users (email, display_name, role, password_hash) VALUES ($1, 'Seed', 'resident', 'x') RETURNING id`, [
      `${label}@seed.wardwatch`,
    ])
  ).rows[0].id as string;
  const ward = (await db.query(`INSERT INTO wards (code, name) VALUES ($1, $1) RETURNING id`, [label])).rows[0].id as string;
  const ids: string[] = [];
  for (const cam of cameras) {
    const id = (
      await db.query(
        `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
           credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
         VALUES ($1, 'c', $2, 's', '1', 10.79, 106.69, '127.0.0.1', $3, '/onvif/device_service', '/onvif/Events', 'pending', '{}', 'Profile_1',
           'rtsp://127.0.0.1/cam', 'H264', 320, 240, 0, 'active', now()) RETURNING id`,
        [user, ward, cam.port],
      )
    ).rows[0].id as string;
    // Sealed after the insert: the camera id is bound into the ciphertext.
    await db.query(`UPDATE cameras SET credentials_sealed = $2 WHERE id = $1`, [
      id,
      cipher.encrypt(JSON.stringify({ u: cam.username, p: cam.password }), id),
    ]);
    await db.query(
      `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
       VALUES ($1, 1, 'given', '{event_metadata}', 7, 'ask', '2026-11', 'vi', 'api', $2, now())`,
      [id, user],
    );
    ids.push(id);
  }
  return ids;
}
