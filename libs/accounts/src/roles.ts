export const ROLES = ['resident', 'officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an admin creates; residents register themselves. */
export const STAFF_ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The authenticated caller, as guards and services see it. */
export interface Principal {
  userId: string;
  role: Role;
  email: string;
}
