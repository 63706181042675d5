import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@wardwatch/accounts';
import { ClipEntity } from '@wardwatch/footage';
import { FootageReleaseEntity } from './footage-release.entity';
import { InvestigationEntity } from './investigation.entity';
import type { LinkAsset, LinkKind } from './investigation.types';

/**
 * One link to a released clip (or its thumbnail), issued to one officer or supervisor under one
 * release. The link is the API's own URL (`GET /links/{id}`), not the store's: each opening is
 * checked again (issued to the caller, not revoked, not expired, release live, consent not
 * withdrawn), audited as `link.opened` and counted here, and only then redirected to a store URL
 * that lives for a short window. A supervisor can revoke it before it expires.
 *
 * The application's role may update only the revocation and opening columns (the migration grants
 * no more), and may not delete rows: who was given which link, and until when, is part of the record.
 * Rows go with their clip (retention deletes a clip only once no release holds it; the audit log keeps
 * the history).
 */
@Entity('clip_links')
@Index('idx_clip_links_investigation_issued', ['investigationId', 'issuedAt', 'id'])
@Index('idx_clip_links_clip', ['clipId'])
@Check('ck_clip_links_kind', `"kind" IN ('view', 'download')`)
@Check('ck_clip_links_asset', `"asset" IN ('clip', 'thumbnail')`)
@Check('ck_clip_links_revocation', `("revoked_at" IS NULL) = ("revoked_by" IS NULL) AND ("revoked_at" IS NULL) = ("revoke_reason" IS NULL)`)
export class ClipLinkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_clip_links' })
  id: string;

  @Column({ name: 'clip_id', type: 'uuid' })
  clipId: string;

  @ManyToOne(() => ClipEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'clip_id', foreignKeyConstraintName: 'fk_clip_links_clip' })
  clip?: ClipEntity;

  @Column({ name: 'investigation_id', type: 'uuid' })
  investigationId: string;

  @ManyToOne(() => InvestigationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'investigation_id', foreignKeyConstraintName: 'fk_clip_links_investigation' })
  investigation?: InvestigationEntity;

  /** The release the link was issued under: the link ends with it. */
  @Column({ name: 'release_id', type: 'uuid' })
  releaseId: string;

  @ManyToOne(() => FootageReleaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'fk_clip_links_release' })
  release?: FootageReleaseEntity;

  /** The only user who may open it. */
  @Column({ name: 'issued_to', type: 'uuid' })
  issuedTo: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_to', foreignKeyConstraintName: 'fk_clip_links_issued_to' })
  issuedToUser?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: LinkKind;

  @Column({ type: 'varchar', length: 16 })
  asset: LinkAsset;

  @Column({ name: 'issued_at', type: 'timestamptz', precision: 3 })
  issuedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revoked_by', foreignKeyConstraintName: 'fk_clip_links_revoked_by' })
  revokedByUser?: UserEntity;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 1000, nullable: true })
  revokeReason: string | null;

  /** Times the link was opened (each one redirected to the store and audited as link.opened). */
  @Column({ name: 'opened_count', type: 'integer', default: 0 })
  openedCount: number;

  @Column({ name: 'last_opened_at', type: 'timestamptz', precision: 3, nullable: true })
  lastOpenedAt: Date | null;
}
