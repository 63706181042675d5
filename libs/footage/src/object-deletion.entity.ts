import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An object retention has decided to delete: queued in the transaction that deletes the clip row
 * (and audits `clip.deleted`), removed from the store after that commits, then dropped from here.
 * A crash or a failed delete in between leaves the entry for the next retention pass, so no object
 * is orphaned, and no clip row ever points at footage that is gone.
 */
@Entity('footage_object_deletions')
export class ObjectDeletionEntity {
  @PrimaryColumn({ name: 'object_key', type: 'text' })
  objectKey: string;

  @Column({ name: 'clip_id', type: 'uuid' })
  clipId: string;

  @Column({ name: 'queued_at', type: 'timestamptz', default: () => 'now()' })
  queuedAt: Date;
}
