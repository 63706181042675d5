import { Alert, Card, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Outreach text (also in Hmong): what to have ready before enrolling, and the consent notice in
 * short. The Hmong catalogue is a draft awaiting a native speaker's review, and says so.
 */
export function EnrolmentHelp() {
  const { t, i18n } = useTranslation('outreach');
  return (
    <Card withBorder component="section" aria-labelledby="enrolment-help-title">
      <Stack gap="sm">
        {i18n.resolvedLanguage === 'hmn' && (
          <Alert color="yellow" variant="light">
            {t('draftNotice')}
          </Alert>
        )}
        <Title order={2} size="h4" id="enrolment-help-title">
          {t('enrolmentHelp.title')}
        </Title>
        <Text>{t('enrolmentHelp.intro')}</Text>
        <List type="ordered" spacing="xs">
          <List.Item>{t('enrolmentHelp.step1')}</List.Item>
          <List.Item>{t('enrolmentHelp.step2')}</List.Item>
          <List.Item>{t('enrolmentHelp.step3')}</List.Item>
        </List>
        <Title order={3} size="h5">
          {t('consentNotice.title')}
        </Title>
        <Text size="sm">{t('consentNotice.summary')}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('consentNotice.events')}</List.Item>
          <List.Item>{t('consentNotice.clips')}</List.Item>
          <List.Item>{t('consentNotice.police')}</List.Item>
        </List>
        <Text size="sm">{t('consentNotice.withdraw')}</Text>
        <Text size="sm" c="dimmed">
          {t('enrolmentHelp.help')}
        </Text>
      </Stack>
    </Card>
  );
}
