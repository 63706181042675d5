import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle';

/** Placeholder: issue 14 builds this page. */
export function ApprovalQueuePage() {
  const { t } = useTranslation(['common', 'review']);
  return (
    <Stack>
      <PageTitle>{t('nav.approvals')}</PageTitle>
      <Text>{t('review:_placeholder')}</Text>
    </Stack>
  );
}
