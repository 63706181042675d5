import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CameraEntity } from './camera.entity';
import {
  type ActiveHours,
  activeHoursWithZone,
  type ConsentMethod,
  ConsentPurpose,
  ConsentState,
  NoticeLanguage,
  SharingMode,
} from './camera.types';

/**
 * One version of a camera's consent. Rows are never edited (a trigger refuses UPDATE): a change,
 * a pause, a resumption and a withdrawal are each a new version, so the history shows exactly
 * what the resident agreed to and when.
 */
@Entity('camera_consents')
@Check('ck_camera_consents_state', `"state" IN ('given', 'paused', 'withdrawn')`)
@Check('ck_camera_consents_sharing', `"sharing_mode" IN ('ask', 'auto_release')`)
@Check('ck_camera_consents_retention', `"retention_days" BETWEEN 1 AND 3650`)
@Check('ck_camera_consents_purposes', `"purposes" <@ ARRAY['event_metadata', 'clips', 'police_search']::text[]`)
@Index('uq_camera_consents_version', ['cameraId', 'version'], { unique: true })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  @ManyToOne(() => CameraEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'camera_id', foreignKeyConstraintName: 'fk_camera_consents_camera' })
  camera?: CameraEntity;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  state: ConsentState;

  @Column({ type: 'text', array: true })
  purposes: ConsentPurpose[];

  @Column({ name: 'retention_days', type: 'int' })
  retentionDays: number;

  @Column({ name: 'sharing_mode', type: 'varchar', length: 16 })
  sharingMode: SharingMode;

  // Read with the zone named even on versions given before hours carried one (they cannot be edited).
  @Column({ name: 'active_hours', type: 'jsonb', nullable: true, transformer: { to: (v: unknown) => v, from: activeHoursWithZone } })
  activeHours: ActiveHours | null;

  @Column({ name: 'notice_version', type: 'varchar', length: 16 })
  noticeVersion: string;

  @Column({ name: 'notice_language', type: 'varchar', length: 2 })
  noticeLanguage: NoticeLanguage;

  @Column({ type: 'varchar', length: 16 })
  method: ConsentMethod;

  @Column({ name: 'given_by', type: 'uuid' })
  givenBy: string;

  @Column({ name: 'given_at', type: 'timestamptz', precision: 3 })
  givenAt: Date;
}
