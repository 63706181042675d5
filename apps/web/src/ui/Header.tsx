import { Anchor, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSettings } from '../app/settings';
import { LanguageSwitcher } from './LanguageSwitcher';

/** The bar on every page: the programme and ward, the language, and (signed in) the menu button and `actions` (the bell). */
export function Header({ menuButton, actions }: { menuButton?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation('common');
  const { wardName } = useSettings();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        {menuButton}
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to="/" fw={700} c="inherit" underline="never">
            {t('appName')}
          </Anchor>
          <Text size="xs" c="dimmed" truncate="end">
            {wardName}
          </Text>
        </div>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {actions}
        <LanguageSwitcher />
      </Group>
    </Group>
  );
}

/** First in the tab order: keyboard and screen-reader users jump past the header and menu. */
export function SkipLink() {
  const { t } = useTranslation('common');
  return (
    <a href="#main" className="skip-link">
      {t('skipToContent')}
    </a>
  );
}
