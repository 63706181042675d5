import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle';

/** Placeholder: issue 14 builds this page. */
export function WardCamerasPage() {
  const { t } = useTranslation(['common', 'admin']);
  return (
    <Stack>
      <PageTitle>{t('nav.cameras')}</PageTitle>
      <Text>{t('admin:_placeholder')}</Text>
    </Stack>
  );
}
