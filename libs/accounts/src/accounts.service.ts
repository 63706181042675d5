import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { problem } from '@wardwatch/problems';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { Principal, Role, SETTABLE_STATUSES, STAFF_ROLES, UserStatus } from './roles';
import { UserEntity } from './user.entity';
import { UserListQuery, UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  phone?: string | null;
}

export interface UserChanges {
  role?: Role;
  status?: UserStatus;
  displayName?: string;
}

/** What the API may show of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  phone: string | null;
  createdAt: Date;
  /** Separation of duties: who proposed the current role, who confirmed it, and a role change awaiting a second admin. */
  createdBy: string | null;
  roleProposedBy: string | null;
  roleConfirmedBy: string | null;
  pendingRole: Role | null;
  pendingRoleBy: string | null;
}

/**
 * A staff account an admin made (or set to a staff role) that no second admin has confirmed yet,
 * whatever its status: disabling a pending account and enabling it again must not skip the second admin.
 */
const neverConfirmed = (u: UserEntity) => u.createdBy !== null && STAFF_ROLES.includes(u.role) && u.roleConfirmedBy === null;

/** Admins the CLI may create directly (it needs server access): the first one, and the second who confirms its work. */
export const BOOTSTRAP_ADMINS = 2;

export const toUserView = (u: UserEntity): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  status: u.status,
  phone: u.phone,
  createdAt: u.createdAt,
  createdBy: u.createdBy,
  roleProposedBy: u.roleProposedBy,
  roleConfirmedBy: u.roleConfirmedBy,
  pendingRole: u.pendingRole,
  pendingRoleBy: u.pendingRoleBy,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Only the e-mail's own unique index means "account exists"; any other violation is a real error. */
const isDuplicateEmail = (e: unknown) =>
  e instanceof QueryFailedError && (e.driverError as { constraint?: string } | undefined)?.constraint === 'uq_users_email';

/** Users and roles: self-registration of residents, staff accounts made by admins, and changes to both. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly sessions: SessionsRepository,
  ) {}

  /** A resident signs up for themselves. */
  async registerResident(input: NewUser): Promise<UserView> {
    return this.create(input, 'resident', null);
  }

  /**
   * An admin creates an officer, supervisor or another admin. The account is `pending` until a
   * second, different admin confirms it (`confirm`), so no single admin can make the accounts
   * that request and approve footage.
   */
  async createStaff(actor: Principal, input: NewUser & { role: Role }): Promise<UserView> {
    if (actor.role !== 'admin') throw problem('account.admin_only', 'only admins create accounts');
    if (!STAFF_ROLES.includes(input.role)) {
      throw problem('account.invalid_role', `role must be one of ${STAFF_ROLES.join(', ')}; residents register themselves`);
    }
    return this.create(input, input.role, actor);
  }

  /**
   * The bootstrap admins of a fresh installation, from the command line: the first and the second
   * (who confirms the first one's staff accounts). The CLI needs the server's database
   * credentials, which already allow anything, so it is not a single admin's bypass. Refused once
   * BOOTSTRAP_ADMINS admin accounts exist, active or disabled (a disabled admin still counts; one
   * still pending does not, since only a second admin can confirm it).
   */
  async createFirstAdmin(input: NewUser): Promise<UserView> {
    const admins = (await this.users.countByRole('admin', null)) - (await this.users.countByRole('admin', 'pending'));
    if (admins >= BOOTSTRAP_ADMINS) {
      throw problem(
        'account.admins_exist',
        `this installation has ${admins} admin accounts; further admins are created by an admin (POST /users) and confirmed by a second admin (POST /users/:id/confirm)`,
      );
    }
    return this.create(input, 'admin', null);
  }

  private async create(input: NewUser, role: Role, actor: Principal | null): Promise<UserView> {
    const email = normaliseEmail(input.email);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.users.transaction(async (manager) => {
        const user = await this.users.insert(manager, {
          email,
          displayName: input.displayName.trim(),
          role,
          // Staff made by an admin wait for a second admin; residents and the CLI's bootstrap admins are active at once.
          status: actor ? 'pending' : 'active',
          passwordHash,
          phone: input.phone ?? null,
          createdBy: actor?.userId ?? null,
          roleProposedBy: actor?.userId ?? null,
        });
        // Self-registration is the new resident's own act; the first admin is created by the system (CLI).
        const selfRegistered = actor === null && role === 'resident';
        await this.audit.record(
          {
            actor: actor ? { userId: actor.userId, role: actor.role } : selfRegistered ? { userId: user.id, role } : SYSTEM_ACTOR,
            action: selfRegistered ? 'account.registered' : 'account.created',
            subject: { type: 'user', id: user.id },
            details: actor ? { email, role, pendingConfirmation: true } : { email, role },
          },
          manager,
        );
        return toUserView(user);
      });
    } catch (e) {
      if (isDuplicateEmail(e)) throw problem('account.email_taken', `an account with e-mail ${email} already exists`);
      throw e;
    }
  }

  /**
   * The signed-in user changes their own password, proving the current one. Every other browser
   * session of theirs ends (a thief's copy of a cookie stops working); `keepSessionId` is the
   * session making the change, which stays signed in. Bearer tokens already issued run out within
   * JWT_TTL_SECONDS.
   */
  async changePassword(actor: Principal, currentPassword: string, newPassword: string, keepSessionId: string | null): Promise<void> {
    if (currentPassword === newPassword) throw problem('auth.password_unchanged', 'the new password must differ from the current one');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.users.transaction(async (manager) => {
      const user = await this.users.findById(actor.userId, manager, true);
      if (!user) throw problem('account.not_found', `no user with id ${actor.userId}`);
      if (!(await this.hasher.verify(currentPassword, user.passwordHash))) {
        throw problem('auth.wrong_password', 'the current password is not correct');
      }
      user.passwordHash = passwordHash;
      // Ends every access token issued before now (AuthenticationService.authenticate compares it).
      user.credentialsVersion += 1;
      await this.users.save(manager, user);
      const endedSessions = await this.sessions.revokeAllOf(actor.userId, new Date(), keepSessionId, manager);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'account.password_changed',
          subject: { type: 'user', id: actor.userId },
          details: { endedSessions },
        },
        manager,
      );
    });
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw problem('account.not_found', `no user with id ${id}`);
    return toUserView(user);
  }

  async list(query: UserListQuery): Promise<UserView[]> {
    return (await this.users.list(query)).map(toUserView);
  }

  /**
   * Role, status or name changes by an admin; audited with the values before and after. A change
   * to a staff role is only proposed (`pendingRole`): the current role stays until a second admin
   * confirms it. A change to resident takes away powers and applies at once. An account that was
   * never confirmed is activated only by `confirm`.
   */
  async update(actor: Principal, id: string, changes: UserChanges): Promise<UserView> {
    if (actor.role !== 'admin') throw problem('account.admin_only', 'only admins change accounts');
    if (actor.userId === id && (changes.role !== undefined || changes.status !== undefined)) {
      throw problem('account.self_change', 'admins cannot change their own role or status; ask another admin');
    }
    if (changes.status !== undefined && !SETTABLE_STATUSES.includes(changes.status)) {
      throw problem('account.invalid_status', `status must be one of ${SETTABLE_STATUSES.join(', ')}`);
    }
    return this.users.transaction(async (manager) => {
      const user = await this.users.findById(id, manager, true);
      if (!user) throw problem('account.not_found', `no user with id ${id}`);
      if (changes.status === 'active' && (user.status === 'pending' || neverConfirmed(user))) {
        throw problem(
          'account.not_confirmed',
          `account ${user.email} has not been confirmed yet; a second admin (not the one who created it) confirms it with POST /users/${id}/confirm`,
        );
      }
      const before = { role: user.role, status: user.status, displayName: user.displayName, pendingRole: user.pendingRole };
      let proposed = false;
      if (changes.role !== undefined && changes.role !== user.role) {
        if (STAFF_ROLES.includes(changes.role) && user.status !== 'pending') {
          user.pendingRole = changes.role;
          user.pendingRoleBy = actor.userId;
          user.pendingRoleAt = new Date();
          proposed = true;
        } else {
          // To resident (fewer powers), or a still-pending account (its confirmation covers the new role).
          user.role = changes.role;
          user.roleProposedBy = STAFF_ROLES.includes(changes.role) ? actor.userId : null;
          user.roleConfirmedBy = null;
          user.roleConfirmedAt = null;
          user.pendingRole = null;
          user.pendingRoleBy = null;
          user.pendingRoleAt = null;
        }
      } else if (changes.role !== undefined && user.pendingRole !== null) {
        // Asking for the role it already has withdraws the proposal.
        user.pendingRole = null;
        user.pendingRoleBy = null;
        user.pendingRoleAt = null;
      }
      if (changes.status !== undefined) user.status = changes.status;
      if (changes.displayName !== undefined) user.displayName = changes.displayName.trim();
      const saved = await this.users.save(manager, user);
      const after = { role: saved.role, status: saved.status, displayName: saved.displayName, pendingRole: saved.pendingRole };
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: proposed ? 'account.role_change_proposed' : 'account.updated',
          subject: { type: 'user', id },
          details: proposed ? { before, after, pendingConfirmation: true } : { before, after },
        },
        manager,
      );
      return toUserView(saved);
    });
  }

  /**
   * Re-entered password for an irreversible act (deleting one's account). A wrong one is a 403, not
   * a 401: the session is fine, the confirmation is not. Audited like a failed login.
   */
  async verifyOwnPassword(userId: string, password: string): Promise<void> {
    const user = await this.users.findById(userId);
    const valid = await this.hasher.verify(password, user?.passwordHash ?? (await this.hasher.dummyHash()));
    if (!user || !valid) {
      await this.audit.record({
        actor: { userId, role: user?.role ?? 'anonymous' },
        action: 'account.password_confirmation_failed',
        subject: { type: 'user', id: userId },
        details: { purpose: 'account deletion' },
      });
      throw problem('account.wrong_password', 'the password is not the one of this account; nothing was deleted');
    }
  }

  /**
   * A resident's account deleted by its holder: disabled at once (every token stops working, as
   * `authenticate` re-reads the status), the password hash destroyed, and name, e-mail and telephone
   * replaced by a pseudonym. The row stays, so that the audit log's entries (append-only and
   * hash-chained: they are never edited) still resolve the actor id, to "deleted account …".
   * Details written into earlier entries (the e-mail at registration, failed-login e-mails) stay as
   * they were hashed: that is the price of a tamper-evident log, and the log is readable only by
   * supervisors.
   */
  async eraseResident(actor: Principal, details: Record<string, unknown>): Promise<Date> {
    return this.users.transaction(async (manager) => {
      const user = await this.users.findById(actor.userId, manager, true);
      if (!user) throw problem('account.not_found', `no user with id ${actor.userId}`);
      if (user.role !== 'resident') {
        throw problem('account.staff_cannot_self_delete', 'only residents delete their own account; an admin disables staff accounts');
      }
      const deletedAt = new Date();
      user.email = `deleted-${user.id}@deleted.invalid`;
      user.displayName = `deleted account ${user.id.slice(0, 8)}`;
      user.phone = null;
      // Not a hash any password can match (a malformed stored hash verifies as false).
      user.passwordHash = `erased$${randomBytes(16).toString('hex')}`;
      user.status = 'disabled';
      user.deletedAt = deletedAt;
      await this.users.save(manager, user);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'account.deleted',
          subject: { type: 'user', id: actor.userId },
          // No personal data: the entry is permanent.
          details: { ...details, pseudonymised: ['email', 'displayName', 'phone'] },
        },
        manager,
      );
      return deletedAt;
    });
  }

  /**
   * A second admin confirms a new staff account or a proposed staff role. The confirming admin
   * must not be the one who proposed it, nor the account itself: that is the separation of duties.
   */
  async confirm(actor: Principal, id: string): Promise<UserView> {
    if (actor.role !== 'admin') throw problem('account.admin_only', 'only admins confirm accounts');
    if (actor.userId === id)
      throw problem('account.second_admin_required', 'you cannot confirm your own account or role; ask another admin');
    return this.users.transaction(async (manager) => {
      const user = await this.users.findById(id, manager, true);
      if (!user) throw problem('account.not_found', `no user with id ${id}`);
      // A never-confirmed account may have been disabled meanwhile: confirming it vouches for it, and it stays disabled.
      const kind = user.status === 'pending' || neverConfirmed(user) ? 'new_account' : user.pendingRole !== null ? 'role_change' : null;
      if (kind === null) {
        throw problem('account.nothing_to_confirm', `account ${user.email} has nothing waiting for confirmation`);
      }
      const proposedBy = kind === 'new_account' ? user.roleProposedBy : user.pendingRoleBy;
      if (proposedBy === actor.userId) {
        throw problem(
          'account.second_admin_required',
          `you proposed this ${kind === 'new_account' ? 'account' : 'role change'}; a second, different admin must confirm it`,
        );
      }
      const before = { role: user.role, status: user.status, pendingRole: user.pendingRole };
      if (kind === 'new_account') {
        if (user.status === 'pending') user.status = 'active';
      } else {
        user.role = user.pendingRole!;
        user.roleProposedBy = user.pendingRoleBy;
        user.pendingRole = null;
        user.pendingRoleBy = null;
        user.pendingRoleAt = null;
      }
      user.roleConfirmedBy = actor.userId;
      user.roleConfirmedAt = new Date();
      const saved = await this.users.save(manager, user);
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'account.confirmed',
          subject: { type: 'user', id },
          details: { kind, role: saved.role, proposedBy, before, after: { role: saved.role, status: saved.status } },
        },
        manager,
      );
      return toUserView(saved);
    });
  }
}
