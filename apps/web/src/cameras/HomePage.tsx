import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useUser } from '../accounts/session';
import { camerasApi } from '../api';
import { EnrolmentHelp } from '../consent/EnrolmentHelp';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { addressLine, consentWords, healthWords } from './messages';
import { useLoad } from '../ui/useLoad';

/** The resident's home: their cameras, each with its address, health and sharing in plain words. */
export function HomePage() {
  const { t } = useTranslation('cameras');
  const user = useUser();
  const location = useLocation();
  const removed = (location.state as { removed?: string } | null)?.removed;
  const { data, error } = useLoad(() => camerasApi.mine(), []);
  const cameras = data?.items ?? null;

  return (
    <Stack>
      <PageTitle>{t('home.title')}</PageTitle>
      <Text>{t('home.greeting', { name: user.displayName })}</Text>
      {removed && (
        <Alert color="green" variant="light" role="status">
          {t('home.removed', { label: removed })}
        </Alert>
      )}
      <Group>
        <Button component={Link} to="/cameras/new">
          {t('home.enrol')}
        </Button>
      </Group>
      {error ? <ErrorAlert error={error} known={{ 500: t('home.loadFailed') }} /> : null}
      {!cameras && !error && <PageLoader />}
      {cameras && cameras.length === 0 && (
        <>
          <Text fw={500}>{t('home.empty')}</Text>
          <Text c="dimmed">{t('home.emptyNext')}</Text>
          <EnrolmentHelp />
        </>
      )}
      {cameras && cameras.length > 0 && (
        <section aria-labelledby="camera-list-title">
          <Title order={2} size="h4" id="camera-list-title" mb="xs">
            {t('home.count', { count: cameras.length })}
          </Title>
          <List listStyleType="none" spacing="sm" p={0}>
            {cameras.map((camera) => (
              <List.Item key={camera.id}>
                <Card withBorder padding="sm">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Anchor component={Link} to={`/cameras/${camera.id}`} fw={600} aria-label={t('home.open', { label: camera.label })}>
                      {camera.label}
                    </Anchor>
                    <Badge variant="filled">{t(`camera.lifecycle.${camera.lifecycle}`)}</Badge>
                  </Group>
                  <Text size="sm">{addressLine(camera)}</Text>
                  <Text size="sm">
                    {t('camera.health')}: {healthWords(t, camera)}
                  </Text>
                  <Text size="sm">
                    {t('camera.sharing')}: {consentWords(t, camera)}
                  </Text>
                </Card>
              </List.Item>
            ))}
          </List>
        </section>
      )}
    </Stack>
  );
}
