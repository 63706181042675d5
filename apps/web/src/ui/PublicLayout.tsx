import { AppShell, Container } from '@mantine/core';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Header, SkipLink } from './Header';
import { PageLoader } from './PageLoader';

/**
 * The frame of the pages without sign-in: header and one column, narrow for the sign-in and
 * registration forms, wider (`size`) for the public transparency report.
 */
export function PublicLayout({ size = 420 }: { size?: number | 'lg' }) {
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Header />
      </AppShell.Header>
      <AppShell.Main id="main">
        <Container size={size} px={0}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
