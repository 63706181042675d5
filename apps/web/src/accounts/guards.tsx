import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoader } from '../ui/PageLoader';
import { useSession } from './session';

/** Pages for signed-in users: others go to sign in, and come back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageLoader />;
  if (state.status === 'signed-out')
    // After a deletion there is nothing to come back to: the sign-in page says why instead.
    return <Navigate to="/sign-in" replace state={state.reason ? { reason: state.reason } : { from: location.pathname }} />;
  return children;
}

/** Sign-in and registration: someone already signed in goes home. */
export function SignedOutOnly({ children }: { children: ReactNode }) {
  const { state } = useSession();
  if (state.status === 'loading') return <PageLoader />;
  if (state.status === 'signed-in') return <Navigate to="/" replace />;
  return children;
}
