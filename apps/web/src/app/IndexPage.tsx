import { lazy } from 'react';
import { Navigate } from 'react-router';
import { homeFor } from '../accounts/roles';
import { useUser } from '../accounts/session';

const HomePage = lazy(() => import('../cameras/HomePage').then((m) => ({ default: m.HomePage })));

/** `/`: a resident's cameras; staff go straight to where their work starts (`homeFor`). */
export function IndexPage() {
  const user = useUser();
  const home = homeFor(user.role);
  if (home !== '/') return <Navigate to={home} replace />;
  return <HomePage />;
}
