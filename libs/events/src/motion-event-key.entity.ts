import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MotionEventEntity } from './motion-event.entity';

/**
 * The unique keys of motion_events, which a table partitioned by time cannot hold itself: one row
 * per event, by dedupe key (a message replayed with another clock offset lands on another
 * started_at, perhaps another day's partition, and still finds its key here), and while a motion
 * episode is open, its camera and md5(topic|source) (at most one open episode each). Deleted with
 * its event (cascade), or by the partition drop before it drops the day.
 */
@Entity('motion_event_keys')
@Index('uq_motion_event_keys_open_episode', ['cameraId', 'openEpisode'], { unique: true, where: `"open_episode" IS NOT NULL` })
@Index('idx_motion_event_keys_event', ['eventStartedAt', 'eventId'])
export class MotionEventKeyEntity {
  @PrimaryColumn({ name: 'dedupe_key', type: 'char', length: 40, primaryKeyConstraintName: 'pk_motion_event_keys' })
  dedupeKey: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_started_at', type: 'timestamptz', precision: 3 })
  eventStartedAt: Date;

  @ManyToOne(() => MotionEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'event_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_motion_event_keys_event' },
    { name: 'event_started_at', referencedColumnName: 'startedAt' },
  ])
  event?: MotionEventEntity;

  @Column({ name: 'camera_id', type: 'uuid' })
  cameraId: string;

  /** md5(topic || '|' || source_key) while the episode is open (motion only), else null. */
  @Column({ name: 'open_episode', type: 'char', length: 32, nullable: true })
  openEpisode: string | null;
}
