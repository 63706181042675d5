import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../ui/PageTitle';

/** Stands in for the consent, footage and access-log pages until they land; says so plainly. */
export function ComingPage() {
  const { t } = useTranslation('cameras');
  const { id = '' } = useParams();
  return (
    <Stack>
      <PageTitle>{t('placeholder.title')}</PageTitle>
      <Text>{t('placeholder.body')}</Text>
      <Anchor component={Link} to={`/cameras/${id}`}>
        {t('placeholder.back')}
      </Anchor>
    </Stack>
  );
}
