import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import { WardEntity } from '@wardwatch/places';
import type { CameraHealth, CameraLifecycle } from './camera.types';

export const CAMERA_ENDPOINT_INDEX = 'uq_cameras_active_endpoint';
export const CAMERA_DEVICE_INDEX = 'uq_cameras_active_device';

/** What a probe learned about the device; shown to its owner and admins, never to officers. */
export interface DeviceInfo {
  manufacturer: string;
  model: string;
  firmwareVersion: string;
  serialNumber: string;
  hardwareId: string;
}

@Entity('cameras')
@Check('ck_cameras_lifecycle', `"lifecycle" IN ('pending', 'active', 'paused', 'withdrawn')`)
@Check(
  'ck_cameras_health',
  `"health" IN ('unknown', 'online', 'offline', 'auth_failed', 'subscription_failing', 'stream_unreachable', 'not_covered')`,
)
@Check(
  'ck_cameras_view',
  `("view_azimuth_deg" IS NULL AND "view_angle_deg" IS NULL AND "view_range_m" IS NULL) OR ("view_azimuth_deg" BETWEEN 0 AND 359 AND "view_angle_deg" BETWEEN 10 AND 180 AND "view_range_m" BETWEEN 5 AND 200)`,
)
@Check('ck_cameras_position', `"latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180`)
// Trigram (gin_trgm_ops) index on street_search, created in the search migration: TypeORM cannot express the operator class.
@Index('idx_cameras_street_search', { synchronize: false })
// One active enrolment per endpoint and per device (partial and expression indexes, created in the
// ownership migration: TypeORM cannot express them). The registry turns a violation into a 409.
@Index(CAMERA_ENDPOINT_INDEX, { synchronize: false })
@Index(CAMERA_DEVICE_INDEX, { synchronize: false })
export class CameraEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_cameras_owner')
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  // Declared for the foreign key only; queries use ownerId and never load the relation.
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_cameras_owner' })
  owner?: UserEntity;

  @Column({ type: 'varchar', length: 80 })
  label: string;

  @Index('idx_cameras_ward')
  @Column({ name: 'ward_id', type: 'uuid' })
  wardId: string;

  @ManyToOne(() => WardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_cameras_ward' })
  ward?: WardEntity;

  @Column({ type: 'varchar', length: 160 })
  street: string;

  @Column({ name: 'house_number', type: 'varchar', length: 32 })
  houseNumber: string;

  /** ngõ / ngách / hẻm */
  @Column({ type: 'varchar', length: 120, nullable: true })
  alley: string | null;

  /** tổ dân phố */
  @Column({ name: 'residential_group', type: 'varchar', length: 32, nullable: true })
  residentialGroup: string | null;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  /**
   * The same position as a PostGIS point, for radius search. Written only by a database trigger
   * from latitude/longitude, so the two can never disagree; never loaded into the entity.
   */
  @Index('idx_cameras_location', { spatial: true })
  @Column({ type: 'geography', spatialFeatureType: 'Point', srid: 4326, select: false, insert: false, update: false })
  location?: object;

  /** The street folded for search (no diacritics, lower case: "hoang van thai"); written only by the same trigger. */
  @Index('idx_cameras_street_exact')
  @Column({ name: 'street_search', type: 'varchar', length: 160, select: false, insert: false, update: false })
  streetSearch?: string;

  @Column({ name: 'facing_note', type: 'varchar', length: 240, nullable: true })
  facingNote: string | null;

  /** Direction of view: degrees clockwise from north (0-359); with the angle and range, all three or none. */
  @Column({ name: 'view_azimuth_deg', type: 'smallint', nullable: true })
  viewAzimuthDeg: number | null;

  /**
   * The direction of view as a PostGIS polygon (camera_view_cone(), the same as viewCone() in
   * view-cone.ts), for area searches; null without a direction. Written only by a database trigger
   * from the position and the direction; never loaded into the entity.
   */
  @Index('idx_cameras_view_cone', { spatial: true })
  @Column({
    name: 'view_cone',
    type: 'geography',
    spatialFeatureType: 'Polygon',
    srid: 4326,
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  viewCone?: object | null;

  /** Field-of-view angle in degrees (10-180). */
  @Column({ name: 'view_angle_deg', type: 'smallint', nullable: true })
  viewAngleDeg: number | null;

  /** How far the camera usefully sees, in metres (5-200). */
  @Column({ name: 'view_range_m', type: 'smallint', nullable: true })
  viewRangeM: number | null;

  @Column({ name: 'onvif_host', type: 'varchar', length: 253 })
  onvifHost: string;

  @Column({ name: 'onvif_port', type: 'int' })
  onvifPort: number;

  @Column({ name: 'onvif_path', type: 'varchar', length: 255 })
  onvifPath: string;

  /** The event service's path as the camera advertised it at the last probe. */
  @Column({ name: 'events_path', type: 'varchar', length: 255, default: '/onvif/event_service' })
  eventsPath: string;

  /** Username and password, sealed with CredentialCipher (never returned, never logged). */
  @Column({ name: 'credentials_sealed', type: 'text' })
  credentialsSealed: string;

  @Column({ name: 'device_info', type: 'jsonb' })
  deviceInfo: DeviceInfo;

  @Column({ name: 'profile_token', type: 'varchar', length: 64 })
  profileToken: string;

  /** RTSP URI without credentials, rewritten to the enrolled host. */
  @Column({ name: 'stream_uri', type: 'varchar', length: 1024 })
  streamUri: string;

  @Column({ name: 'video_encoding', type: 'varchar', length: 16 })
  videoEncoding: string;

  @Column({ name: 'video_width', type: 'int' })
  videoWidth: number;

  @Column({ name: 'video_height', type: 'int' })
  videoHeight: number;

  /** camera clock minus server clock, measured with GetSystemDateAndTime. */
  @Column({ name: 'clock_offset_ms', type: 'int' })
  clockOffsetMs: number;

  @Column({ type: 'varchar', length: 16 })
  lifecycle: CameraLifecycle;

  @Column({ type: 'varchar', length: 24, default: 'unknown' })
  health: CameraHealth;

  /** Pre-roll for this camera's clips (seconds); null: the worker's default. Bounded by CLIP_MAX_PRE_ROLL_S. */
  @Column({ name: 'clip_pre_roll_s', type: 'int', nullable: true })
  clipPreRollS: number | null;

  /** Post-roll for this camera's clips (seconds); null: the worker's default. Bounded by CLIP_MAX_POST_ROLL_S. */
  @Column({ name: 'clip_post_roll_s', type: 'int', nullable: true })
  clipPostRollS: number | null;

  @Column({ name: 'last_probed_at', type: 'timestamptz', precision: 3 })
  lastProbedAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', precision: 3, nullable: true })
  lastSeenAt: Date | null;

  /**
   * When the owner removed the camera (DELETE /cameras/:id, or by deleting their account): consent
   * withdrawn at the same moment, and the camera no longer in the owner's list. The row stays:
   * consents, legal holds, held clips and the audit log refer to it.
   */
  @Column({ name: 'removed_at', type: 'timestamptz', precision: 3, nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
