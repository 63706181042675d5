import { lazy } from 'react';
import { Navigate } from 'react-router';
import { isStaff } from '../accounts/roles';
import { useUser } from '../accounts/session';

const HomePage = lazy(() => import('../cameras/HomePage').then((m) => ({ default: m.HomePage })));

/** `/`: a resident's cameras; officers and supervisors go straight to the search box. */
export function IndexPage() {
  const user = useUser();
  if (isStaff(user.role)) return <Navigate to="/search" replace />;
  return <HomePage />;
}
