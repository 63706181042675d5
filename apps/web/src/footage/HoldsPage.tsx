import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle';

/** Placeholder: issue 14 builds this page. */
export function HoldsPage() {
  const { t } = useTranslation(['common', 'footage']);
  return (
    <Stack>
      <PageTitle>{t('nav.holds')}</PageTitle>
      <Text>{t('footage:_placeholder')}</Text>
    </Stack>
  );
}
