import { Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../accounts/session';
import { camerasApi, type Camera } from '../api';
import { useFormat } from '../i18n/format';
import { EnrolmentHelp } from '../consent/EnrolmentHelp';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';

/** The resident's home: their cameras (enrolment, consent and footage come in the portal's next steps). */
export function HomePage() {
  const { t } = useTranslation('cameras');
  const user = useUser();
  const format = useFormat();
  const [cameras, setCameras] = useState<Camera[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    camerasApi.mine().then(
      (page) => live && setCameras(page.items),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <Stack>
      <PageTitle>{t('home.title')}</PageTitle>
      <Text>{t('home.greeting', { name: user.displayName })}</Text>
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
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={600}>{camera.label}</Text>
                    <Badge variant="light">{t(`camera.lifecycle.${camera.lifecycle}`)}</Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('camera.enrolledOn')}: {format.date(camera.createdAt)}
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
