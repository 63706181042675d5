import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An address range cameras may be reached in (in production: a ward's overlay network). Admin-managed. */
@Entity('camera_networks')
export class CameraNetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_camera_networks_cidr', { unique: true })
  @Column({ type: 'cidr' })
  cidr: string;

  @Column({ type: 'varchar', length: 120 })
  label: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
