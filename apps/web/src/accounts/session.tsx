import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { accountsApi, ApiError, type SignedInUser } from '../api';

/** Why a session ended, when the sign-in page should say so (an account deleted by its owner). */
export type SignOutReason = 'deleted';

type SessionState = { status: 'loading' } | { status: 'signed-out'; reason?: SignOutReason } | { status: 'signed-in'; user: SignedInUser };

interface SessionContextValue {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: (reason?: SignOutReason) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in, asked once from the session cookie (GET /auth/me) and kept for the visit. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    accountsApi.me().then(
      (user) => setState({ status: 'signed-in', user }),
      (error: unknown) => {
        // Signed out is the usual answer; anything else (API down) also shows the sign-in page, which says what failed when used.
        if (!(error instanceof ApiError) || error.status !== 401) console.warn('could not read the session', error);
        setState({ status: 'signed-out' });
      },
    );
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { user } = await accountsApi.signIn(email, password);
    setState({ status: 'signed-in', user });
  }, []);

  const signOut = useCallback(async (reason?: SignOutReason) => {
    try {
      await accountsApi.signOut();
    } finally {
      setState({ status: 'signed-out', reason });
    }
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user, on pages behind RequireSession. */
export function useUser(): SignedInUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser on a page without a session');
  return state.user;
}
