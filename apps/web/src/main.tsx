import '@mantine/core/styles.css';
import './ui/app.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { setNonce } from 'get-nonce';
import { SessionProvider } from './accounts/session';
import { routes } from './app/routes';
import { SettingsProvider } from './app/settings';
import { i18nReady } from './i18n/i18n';
import { cssVariablesResolver, theme } from './ui/theme';
import { PageLoader } from './ui/PageLoader';

/**
 * The API puts this response's CSP nonce on the page (Vite's `html.cspNonce` meta); Mantine's
 * style elements carry it, since the policy allows no other inline styles. Empty on the dev server,
 * which sends no CSP.
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
// Dialogs lock the page's scroll with react-remove-scroll, whose <style> element takes its nonce
// from get-nonce: without this the policy refuses it (and dialogs had to leave the page scrolling).
if (styleNonce) setNonce(styleNonce);

const router = createBrowserRouter(routes);

void i18nReady.then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        getStyleNonce={() => styleNonce}
        defaultColorScheme="light"
      >
        <Suspense fallback={<PageLoader />}>
          <SettingsProvider>
            <SessionProvider>
              <RouterProvider router={router} />
            </SessionProvider>
          </SettingsProvider>
        </Suspense>
      </MantineProvider>
    </StrictMode>,
  );
});
