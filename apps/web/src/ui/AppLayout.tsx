import { AppShell, Burger, NavLink, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../accounts/session';
import { navFor } from '../accounts/roles';
import { NotificationBell } from '../notifications/NotificationBell';
import { Header, SkipLink } from './Header';
import { PageLoader } from './PageLoader';

/**
 * The signed-in frame, phone first: below the `sm` breakpoint the navigation is a menu behind a
 * button in the header; wider screens show it beside the page.
 */
export function AppLayout() {
  const { t } = useTranslation(['common', 'cameras']);
  const [opened, { toggle, close }] = useDisclosure(false);
  const { state, signOut } = useSession();
  const navigate = useNavigate();

  const role = state.status === 'signed-in' ? state.user.role : 'resident';
  const links = [
    ...navFor(role).map((entry) => ({ ...entry, label: t(entry.label) })),
    { to: '/transparency', label: t('nav.transparency'), end: true },
    { to: '/notifications', label: t('nav.notifications'), end: false },
    { to: '/account', label: t('nav.account'), end: false },
    { to: '/password', label: t('nav.changePassword'), end: false },
  ];

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Header
          actions={<NotificationBell />}
          menuButton={
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
          }
        />
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" id="main-navigation" aria-label={t('nav.label')}>
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={RouterNavLink}
            to={link.to}
            end={link.end}
            label={link.label}
            onClick={close}
            variant="filled"
          />
        ))}
        <UnstyledButton
          className="nav-button"
          onClick={() => {
            close();
            void signOut().finally(() => navigate('/sign-in', { replace: true }));
          }}
        >
          {t('nav.signOut')}
        </UnstyledButton>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
