import { request } from './http';

/**
 * The signed-in user, as far as the web app needs it. The only hand-written API types: everything
 * else comes from the generated client once it lands (@wardwatch/api-client).
 */
export interface SignedInUser {
  id: string;
  email: string;
  displayName: string;
  role: 'resident' | 'officer' | 'supervisor' | 'admin';
}

export interface Registration {
  email: string;
  password: string;
  displayName: string;
  phone?: string;
}

export const accountsApi = {
  /** The session cookie's user; 401 when signed out. */
  me: () => request<SignedInUser>('GET', '/auth/me'),
  signIn: (email: string, password: string) =>
    request<{ user: SignedInUser; csrfToken: string; expiresAt: string }>('POST', '/auth/session', { email, password }),
  signOut: () => request<void>('DELETE', '/auth/session'),
  register: (registration: Registration) => request<SignedInUser>('POST', '/auth/register', registration),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/auth/password', { currentPassword, newPassword }),
};
