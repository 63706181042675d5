export const ROLES = ['resident', 'officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an admin creates; residents register themselves. */
export const STAFF_ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];

/**
 * `pending`: a staff account an admin created that a second, different admin has not confirmed
 * yet; it cannot sign in or act (separation of duties, see AccountsService).
 */
export const USER_STATUSES = ['active', 'disabled', 'pending'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
/** What an admin may set with a plain update; `pending` only comes from creation, `active` from confirmation. */
export const SETTABLE_STATUSES: readonly UserStatus[] = ['active', 'disabled'];

/** The authenticated caller, as guards and services see it. */
export interface Principal {
  userId: string;
  role: Role;
  email: string;
}

/**
 * Languages a user can choose for what the service tells them (notifications, later the web app).
 * Vietnamese is the default; Hmong (`hmn`) falls back to Vietnamese words and formats where its
 * catalogue has no entry yet.
 */
export const LANGUAGES = ['vi', 'en', 'hmn'] as const;
export type Language = (typeof LANGUAGES)[number];
