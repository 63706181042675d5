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
    // Public whether signed in or not: the programme's figures, for anyone.
    element: <PublicLayout size="lg" />,
    children: [
      {
        path: '/transparency',
        lazy: () => import('../transparency/TransparencyPage').then((m) => ({ Component: m.TransparencyPage })),
      },
    ],
  },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      // Residents see their cameras; officers and supervisors are sent to the console's search.
      { index: true, lazy: () => import('./IndexPage').then((m) => ({ Component: m.IndexPage })) },
      // The officers' and supervisors' console: the search box, the ward map, the results' timeline.
      { path: '/search', lazy: () => import('../search/SearchPage').then((m) => ({ Component: m.SearchPage })) },
      { path: '/cameras/new', lazy: () => import('../cameras/EnrolPage').then((m) => ({ Component: m.EnrolPage })) },
      { path: '/cameras/:id', lazy: () => import('../cameras/CameraPage').then((m) => ({ Component: m.CameraPage })) },
      { path: '/password', lazy: () => import('../accounts/ChangePasswordPage').then((m) => ({ Component: m.ChangePasswordPage })) },
      // The residents' portal: one camera's sharing, footage and access log; requests, notifications, the account.
      { path: '/cameras/:id/consent', lazy: () => import('../consent/ConsentPage').then((m) => ({ Component: m.ConsentPage })) },
      { path: '/cameras/:id/footage', lazy: () => import('../footage/FootagePage').then((m) => ({ Component: m.FootagePage })) },
      { path: '/cameras/:id/access-log', lazy: () => import('../audit/AccessLogPage').then((m) => ({ Component: m.AccessLogPage })) },
      // The officers' and supervisors' console: investigations, their footage requests and released footage.
      {
        path: '/investigations',
        lazy: () => import('../investigations/InvestigationsPage').then((m) => ({ Component: m.InvestigationsPage })),
      },
      {
        path: '/investigations/new',
        lazy: () => import('../investigations/NewInvestigationPage').then((m) => ({ Component: m.NewInvestigationPage })),
      },
      {
        path: '/investigations/:id',
        lazy: () => import('../investigations/InvestigationPage').then((m) => ({ Component: m.InvestigationPage })),
      },
      {
        path: '/investigations/:id/requests/new',
        lazy: () => import('../investigations/RequestFormPage').then((m) => ({ Component: m.RequestFormPage })),
      },
      {
        path: '/investigations/:id/requests/:requestId',
        lazy: () => import('../investigations/RequestStatusPage').then((m) => ({ Component: m.RequestStatusPage })),
      },
      {
        path: '/investigations/:id/footage',
        lazy: () => import('../investigations/SyncedFootagePage').then((m) => ({ Component: m.SyncedFootagePage })),
      },
      // Supervisors: the approval queue, the audit log, legal holds.
      {
        path: '/approvals',
        lazy: () => import('../investigations/ApprovalQueuePage').then((m) => ({ Component: m.ApprovalQueuePage })),
      },
      {
        path: '/approvals/:requestId',
        lazy: () => import('../investigations/ApprovalPage').then((m) => ({ Component: m.ApprovalPage })),
      },
      { path: '/audit', lazy: () => import('../audit/AuditPage').then((m) => ({ Component: m.AuditPage })) },
      { path: '/holds', lazy: () => import('../footage/HoldsPage').then((m) => ({ Component: m.HoldsPage })) },
      // Administrators: accounts, wards and streets, camera networks, the ward's cameras.
      { path: '/admin/users', lazy: () => import('../accounts/UsersPage').then((m) => ({ Component: m.UsersPage })) },
      { path: '/admin/places', lazy: () => import('../places/PlacesAdminPage').then((m) => ({ Component: m.PlacesAdminPage })) },
      {
        path: '/admin/networks',
        lazy: () => import('../cameras/CameraNetworksPage').then((m) => ({ Component: m.CameraNetworksPage })),
      },
      { path: '/admin/cameras', lazy: () => import('../cameras/WardCamerasPage').then((m) => ({ Component: m.WardCamerasPage })) },
      { path: '/requests', lazy: () => import('../investigations/RequestsPage').then((m) => ({ Component: m.RequestsPage })) },
      {
        path: '/notifications',
        lazy: () => import('../notifications/NotificationsPage').then((m) => ({ Component: m.NotificationsPage })),
      },
      { path: '/account', lazy: () => import('../accounts/AccountPage').then((m) => ({ Component: m.AccountPage })) },
      { path: '*', lazy: () => import('./NotFoundPage').then((m) => ({ Component: m.NotFoundPage })) },
    ],
  },
];
