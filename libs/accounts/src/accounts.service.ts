import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@wardwatch/audit';
import { PasswordHasher } from './password-hasher';
import { Principal, Role, STAFF_ROLES, UserStatus } from './roles';
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
}

export const toUserView = (u: UserEntity): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  status: u.status,
  phone: u.phone,
  createdAt: u.createdAt,
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
  ) {}

  /** A resident signs up for themselves. */
  async registerResident(input: NewUser): Promise<UserView> {
    return this.create(input, 'resident', null);
  }

  /** An admin creates an officer, supervisor or another admin. */
  async createStaff(actor: Principal, input: NewUser & { role: Role }): Promise<UserView> {
    if (actor.role !== 'admin') throw new ForbiddenException('only admins create accounts');
    if (!STAFF_ROLES.includes(input.role)) {
      throw new BadRequestException(`role must be one of ${STAFF_ROLES.join(', ')}; residents register themselves`);
    }
    return this.create(input, input.role, actor);
  }

  /** The first admin of a fresh installation, from the command line. Refuses when an admin exists. */
  async createFirstAdmin(input: NewUser): Promise<UserView> {
    if ((await this.users.countByRole('admin')) > 0) {
      throw new ConflictException('an admin account already exists; ask an admin to create further accounts');
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
          status: 'active',
          passwordHash,
          phone: input.phone ?? null,
        });
        // Self-registration is the new resident's own act; the first admin is created by the system (CLI).
        const selfRegistered = actor === null && role === 'resident';
        await this.audit.record(
          {
            actor: actor ? { userId: actor.userId, role: actor.role } : selfRegistered ? { userId: user.id, role } : SYSTEM_ACTOR,
            action: selfRegistered ? 'account.registered' : 'account.created',
            subject: { type: 'user', id: user.id },
            details: { email, role },
          },
          manager,
        );
        return toUserView(user);
      });
    } catch (e) {
      if (isDuplicateEmail(e)) throw new ConflictException(`an account with e-mail ${email} already exists`);
      throw e;
    }
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`no user with id ${id}`);
    return toUserView(user);
  }

  async list(query: UserListQuery): Promise<UserView[]> {
    return (await this.users.list(query)).map(toUserView);
  }

  /** Role, status or name changes by an admin; audited with the values before and after. */
  async update(actor: Principal, id: string, changes: UserChanges): Promise<UserView> {
    if (actor.role !== 'admin') throw new ForbiddenException('only admins change accounts');
    if (actor.userId === id && (changes.role !== undefined || changes.status !== undefined)) {
      throw new BadRequestException('admins cannot change their own role or status; ask another admin');
    }
    return this.users.transaction(async (manager) => {
      const user = await this.users.findById(id, manager);
      if (!user) throw new NotFoundException(`no user with id ${id}`);
      const before = { role: user.role, status: user.status, displayName: user.displayName };
      if (changes.role !== undefined) user.role = changes.role;
      if (changes.status !== undefined) user.status = changes.status;
      if (changes.displayName !== undefined) user.displayName = changes.displayName.trim();
      const saved = await this.users.save(manager, user);
      const after = { role: saved.role, status: saved.status, displayName: saved.displayName };
      await this.audit.record(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: 'account.updated',
          subject: { type: 'user', id },
          details: { before, after },
        },
        manager,
      );
      return toUserView(saved);
    });
  }
}
