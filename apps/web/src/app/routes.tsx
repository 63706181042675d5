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
      { path: '/cameras/new', lazy: () => import('../cameras/EnrolPage').then((m) => ({ Component: m.EnrolPage })) },
      { path: '/cameras/:id', lazy: () => import('../cameras/CameraPage').then((m) => ({ Component: m.CameraPage })) },
      // Until the consent, footage and access-log pages land (branch resident): a page that says so.
      ...['consent', 'footage', 'access-log'].map((page) => ({
        path: `/cameras/:id/${page}`,
        lazy: () => import('../cameras/ComingPage').then((m) => ({ Component: m.ComingPage })),
      })),
      { path: '/password', lazy: () => import('../accounts/ChangePasswordPage').then((m) => ({ Component: m.ChangePasswordPage })) },
      { path: '*', lazy: () => import('./NotFoundPage').then((m) => ({ Component: m.NotFoundPage })) },
    ],
  },
];
