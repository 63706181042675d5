import type { RouteObject } from 'react-router';
import { RequireSession, SignedOutOnly } from '../accounts/guards';
import { AppLayout } from '../ui/AppLayout';
import { PublicLayout } from '../ui/PublicLayout';

/**
 * Every page is its own chunk (`lazy`), so a resident's first screen loads the frame and that page
 * only. Paths name what the resident does; the feature folders own the pages.
 */
export const routes: RouteObject[] = [
  {
    element: (
      <SignedOutOnly>
        <PublicLayout />
      </SignedOutOnly>
    ),
    children: [
      { path: '/sign-in', lazy: () => import('../accounts/SignInPage').then((m) => ({ Component: m.SignInPage })) },
      { path: '/register', lazy: () => import('../accounts/RegisterPage').then((m) => ({ Component: m.RegisterPage })) },
    ],
  },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, lazy: () => import('../cameras/HomePage').then((m) => ({ Component: m.HomePage })) },
      { path: '/password', lazy: () => import('../accounts/ChangePasswordPage').then((m) => ({ Component: m.ChangePasswordPage })) },
      { path: '*', lazy: () => import('./NotFoundPage').then((m) => ({ Component: m.NotFoundPage })) },
    ],
  },
];
