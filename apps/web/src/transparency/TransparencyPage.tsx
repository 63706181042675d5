import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../ui/PageTitle';

/** Placeholder: issue 14 builds this page. */
export function TransparencyPage() {
  const { t } = useTranslation(['common', 'transparency']);
  return (
    <Stack>
      <PageTitle>{t('nav.transparency')}</PageTitle>
      <Text>{t('transparency:_placeholder')}</Text>
    </Stack>
  );
}
