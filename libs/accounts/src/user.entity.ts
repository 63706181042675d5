import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language, Role, UserStatus } from './roles';

@Entity('users')
@Check('ck_users_role', `"role" IN ('resident', 'officer', 'supervisor', 'admin')`)
@Check('ck_users_status', `"status" IN ('active', 'disabled', 'pending')`)
@Check('ck_users_preferred_language', `"preferred_language" IN ('vi', 'en', 'hmn')`)
@Check('ck_users_pending_role', `"pending_role" IS NULL OR "pending_role" IN ('officer', 'supervisor', 'admin')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased and trimmed; unique. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: UserStatus;

  /** scrypt$N$r$p$salt$key (base64); never leaves the accounts library. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** The admin who created the account (null: self-registered, or the CLI's bootstrap admins). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** The admin who proposed the current role (created the account with it, or changed it). */
  @Column({ name: 'role_proposed_by', type: 'uuid', nullable: true })
  roleProposedBy: string | null;

  /** The second admin who confirmed the current role; null for residents, bootstrap admins and accounts from before the rule. */
  @Column({ name: 'role_confirmed_by', type: 'uuid', nullable: true })
  roleConfirmedBy: string | null;

  @Column({ name: 'role_confirmed_at', type: 'timestamptz', precision: 3, nullable: true })
  roleConfirmedAt: Date | null;

  /** A staff role an admin asked for that a second admin has not confirmed; the current role stays until then. */
  @Column({ name: 'pending_role', type: 'varchar', length: 16, nullable: true })
  pendingRole: Role | null;

  @Column({ name: 'pending_role_by', type: 'uuid', nullable: true })
  pendingRoleBy: string | null;

  @Column({ name: 'pending_role_at', type: 'timestamptz', precision: 3, nullable: true })
  pendingRoleAt: Date | null;

  /**
   * When the resident deleted their account: the row stays (disabled, name and e-mail replaced by a
   * pseudonym), so that the append-only audit log's actor ids still resolve.
   */
  @Column({ name: 'deleted_at', type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;

  /** The language of what the service tells this user (notifications): vi unless they choose en or hmn. */
  @Column({ name: 'preferred_language', type: 'varchar', length: 8, default: 'vi' })
  preferredLanguage: Language;

  /** Notifications also by e-mail (they always appear in the app). On by default: every account has an e-mail address. */
  @Column({ name: 'email_notifications', type: 'boolean', default: true })
  emailNotifications: boolean;

  /** Raised by every password change; access tokens issued under an older value are refused. */
  @Column({ name: 'credentials_version', type: 'integer', default: 0 })
  credentialsVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
