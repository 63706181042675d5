import { AppShell, Container } from '@mantine/core';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Header, SkipLink } from './Header';
import { PageLoader } from './PageLoader';

/** The frame of the signed-out pages (sign in, register): header and one narrow column. */
export function PublicLayout() {
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Header />
      </AppShell.Header>
      <AppShell.Main id="main">
        <Container size={420} px={0}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
