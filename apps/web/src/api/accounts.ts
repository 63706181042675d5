import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

/** The signed-in user: the API's UserResponse. */
export type SignedInUser = components['schemas']['UserResponse'];
export type Registration = components['schemas']['RegisterResidentDto'];
export type DeletionPreview = components['schemas']['AccountDeletionPreviewResponse'];

export const accountsApi = {
  /** The session cookie's user; 401 when signed out. */
  me: () => call(api.GET('/auth/me')),
  /** Sets the session and CSRF cookies. */
  signIn: (email: string, password: string) => call(api.POST('/auth/session', { body: { email, password } })),
  signOut: () => call(api.DELETE('/auth/session')),
  register: (registration: Registration) => call(api.POST('/auth/register', { body: registration })),
  changePassword: (currentPassword: string, newPassword: string) =>
    call(api.POST('/auth/password', { body: { currentPassword, newPassword } })),
  /** What deleting the account would do (cameras, footage, requests); changes nothing. */
  deletionPreview: () => call(api.GET('/auth/me/deletion-preview')),
  /** Deletes the account, the password re-entered; the session ends with it. */
  deleteAccount: (password: string) => call(api.DELETE('/auth/me', { body: { password } })),
};
