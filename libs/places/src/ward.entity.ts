import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A ward, imported by an admin (GeoJSON). Cameras enrolled in it must stand inside its boundary. */
@Entity('wards')
export class WardEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_wards_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Null until an admin imports the polygon; then containment is enforced at enrolment. */
  @Index('idx_wards_boundary', { spatial: true })
  @Column({ type: 'geography', spatialFeatureType: 'MultiPolygon', srid: 4326, nullable: true, select: false })
  boundary: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
