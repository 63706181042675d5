import { createHash, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { ObjectStore } from '@wardwatch/storage';

export interface SeedCameraOptions {
  wardId: string;
  label?: string;
  latitude?: number;
  longitude?: number;
  purposes?: string[];
  sharingMode?: 'ask' | 'auto_release';
  state?: 'given' | 'paused' | 'withdrawn';
}

/** A ward without a boundary, written as the owner; returns its id. */
export async function seedWard(db: Client, code: string): Promise<string> {
  return (await db.query(`INSERT INTO wards (code, name) VALUES ($1, $1) RETURNING id`, [code])).rows[0].id as string;
}

/** Each seeded camera gets its own port: one address and port has at most one active enrolment. */
let seededPort = 20_000;

/**
 * An enrolled camera of `ownerId` with one consent version, written straight into the database (as
 * the owner): for tests about what happens after enrolment, which the camera tests cover.
 */
/** What a probe stores (all five fields), so that seeded cameras answer as enrolled ones do; one device per camera. */
const seededDevice = (n: number) => ({
  manufacturer: 'Seed',
  model: 'SeedCam',
  firmwareVersion: '1.0',
  serialNumber: `SEED-${n}`,
  hardwareId: `seed-${n}`,
});

export async function seedCamera(db: Client, ownerId: string, o: SeedCameraOptions): Promise<string> {
  const state = o.state ?? 'given';
  const lifecycle = state === 'given' ? 'active' : state;
  const id = (
    await db.query(
      `INSERT INTO cameras (owner_id, label, ward_id, street, house_number, latitude, longitude, onvif_host, onvif_port, onvif_path, events_path,
         credentials_sealed, device_info, profile_token, stream_uri, video_encoding, video_width, video_height, clock_offset_ms, lifecycle, last_probed_at)
       VALUES ($1, $2, $3, 'Hoàng Văn Thái', '12', $4, $5, '127.0.0.1', $7, '/onvif/device_service', '/onvif/Events', 'sealed', $8, 'Profile_1',
         'rtsp://127.0.0.1/cam', 'H264', 320, 240, 0, $6, now()) RETURNING id`,
      [ownerId, o.label ?? 'cam', o.wardId, o.latitude ?? 10.79, o.longitude ?? 106.69, lifecycle, ++seededPort, seededDevice(seededPort)],
    )
  ).rows[0].id as string;
  await db.query(
    `INSERT INTO camera_consents (camera_id, version, state, purposes, retention_days, sharing_mode, notice_version, notice_language, method, given_by, given_at)
     VALUES ($1, 1, $2, $3, 7, $4, '2026-11', 'vi', 'api', $5, now())`,
    [id, state, o.purposes ?? ['event_metadata', 'clips', 'police_search'], o.sharingMode ?? 'ask', ownerId],
  );
  return id;
}

export interface SeededClip {
  id: string;
  objectKey: string;
  thumbnailKey: string;
  bytes: Buffer;
  thumbnailBytes: Buffer;
}

/**
 * A stored clip of a camera over [from, to] with real objects in the store (clip capture is the
 * worker's; these tests are about who may fetch what).
 */
export async function seedStoredClip(
  db: Client,
  store: ObjectStore,
  cameraId: string,
  from: Date,
  to: Date,
  /** Real media (a playable MP4 and a JPEG) for tests that play it; placeholder bytes otherwise. */
  content?: { bytes: Buffer; thumbnailBytes: Buffer },
): Promise<SeededClip> {
  const event = (
    await db.query(
      `INSERT INTO motion_events (camera_id, kind, topic, source_key, started_at, ended_at, camera_started_at, camera_ended_at, clock_offset_ms, dedupe_key)
       VALUES ($1, 'motion', 'tns1:VideoSource/MotionAlarm', 'VideoSourceToken', $2, $3, $2, $3, 0, $4) RETURNING id`,
      [cameraId, from, to, createHash('sha1').update(randomUUID()).digest('hex')],
    )
  ).rows[0].id as string;
  const id = randomUUID();
  const bytes = content?.bytes ?? Buffer.from(`mp4 bytes of clip ${id} ${'x'.repeat(2048)}`);
  const thumbnailBytes = content?.thumbnailBytes ?? Buffer.from(`jpeg bytes of clip ${id}`);
  const objectKey = `clips/${cameraId}/${id}.mp4`;
  const thumbnailKey = `clips/${cameraId}/${id}.jpg`;
  await store.put(objectKey, bytes, bytes.length, 'video/mp4');
  await store.put(thumbnailKey, thumbnailBytes, thumbnailBytes.length, 'image/jpeg');
  await db.query(
    `INSERT INTO clips (id, camera_id, motion_event_id, status, requested_from, requested_to, started_at, ended_at, duration_ms, object_key, thumbnail_key,
       size_bytes, sha256, thumbnail_sha256, retain_until, stored_at)
     VALUES ($1, $2, $3, 'stored', $4, $5, $4, $5, $6, $7, $8, $9, $10, $11, $5::timestamptz + interval '7 days', now())`,
    [
      id,
      cameraId,
      event,
      from,
      to,
      to.getTime() - from.getTime(),
      objectKey,
      thumbnailKey,
      bytes.length,
      createHash('sha256').update(bytes).digest('hex'),
      createHash('sha256').update(thumbnailBytes).digest('hex'),
    ],
  );
  return { id, objectKey, thumbnailKey, bytes, thumbnailBytes };
}

/** Whether retention would keep the clip: `clipIsHeldSql` from the footage library, evaluated. */
export async function clipIsHeld(db: Client, clipIsHeldSql: (alias: string) => string, clipId: string): Promise<boolean> {
  return (await db.query(`SELECT ${clipIsHeldSql('c')} AS held FROM clips c WHERE c.id = $1`, [clipId])).rows[0].held as boolean;
}
