import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../app/settings';

/**
 * The page's one h1, also the document title; it takes focus when the page opens, so a screen
 * reader announces the new page after a client-side navigation.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation('common');
  const { wardName } = useSettings();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · ${t('appName')} · ${wardName}`;
  }, [children, t, wardName]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <Title order={1} size="h2" ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      {children}
    </Title>
  );
}
