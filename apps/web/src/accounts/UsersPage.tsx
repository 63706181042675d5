import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle';

/** Placeholder: issue 14 builds this page. */
export function UsersPage() {
  const { t } = useTranslation(['common', 'admin']);
  return (
    <Stack>
      <PageTitle>{t('nav.users')}</PageTitle>
      <Text>{t('admin:_placeholder')}</Text>
    </Stack>
  );
}
