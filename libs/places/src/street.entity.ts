import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { WardEntity } from './ward.entity';

/**
 * A street of a ward, imported by an admin (GeoJSON lines, or just names). The ward's gazetteer:
 * officers pick from it, and names are unique per ward regardless of diacritics and case.
 */
@Entity('streets')
// Expression indexes on search_normalise(name), created in the migration (TypeORM cannot express them).
@Index('uq_streets_ward_name', { synchronize: false })
@Index('idx_streets_name_search', { synchronize: false })
export class StreetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'ward_id', type: 'uuid' })
  wardId: string;

  @ManyToOne(() => WardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_streets_ward' })
  ward?: WardEntity;

  /** As the admin spelt it, with diacritics ("Hoàng Văn Thái"). */
  @Column({ type: 'varchar', length: 160 })
  name: string;

  /** The street's centre line(s), when the import had them. */
  @Index('idx_streets_geometry', { spatial: true })
  @Column({ type: 'geography', spatialFeatureType: 'MultiLineString', srid: 4326, nullable: true, select: false })
  geometry: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
