import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle';

/** Placeholder: issue 14 builds this page. */
export function AuditPage() {
  const { t } = useTranslation(['common', 'audit']);
  return (
    <Stack>
      <PageTitle>{t('nav.audit')}</PageTitle>
      <Text>{t('audit:_placeholder')}</Text>
    </Stack>
  );
}
