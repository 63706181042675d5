import { Alert, Button, Group, Image, Loader, Stack, Text } from '@mantine/core';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { camerasApi } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { snapshotProblem } from './messages';

/**
 * A picture from the owner's camera, taken when asked (`auto`: at once). Each picture is a blob
 * shown through an object URL, released when replaced or when the page closes.
 */
export function Snapshot({
  cameraId,
  label,
  auto = false,
  actions,
}: {
  cameraId: string;
  label: string;
  auto?: boolean;
  actions?: ReactNode;
}) {
  const { t } = useTranslation('cameras');
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const take = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await camerasApi.snapshot(cameraId);
      setUrl(URL.createObjectURL(blob));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [cameraId]);

  useEffect(() => {
    if (auto) void take();
  }, [auto, take]);
  // The previous picture's URL is released when a new one replaces it, and the last one with the page.
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  const problem = error ? snapshotProblem(t, error) : null;
  return (
    <Stack gap="sm">
      {busy && (
        <Group gap="xs" role="status">
          <Loader size="sm" />
          <Text size="sm">{t('enrol.snapshot.loading')}</Text>
        </Group>
      )}
      {problem ? (
        <Alert color="red" role="alert" variant="light">
          {problem}
        </Alert>
      ) : (
        <ErrorAlert error={error} />
      )}
      {url && <Image src={url} alt={t('enrol.snapshot.alt', { label })} radius="sm" fit="contain" mah={480} />}
      <Group>
        <Button variant={url ? 'default' : 'filled'} onClick={() => void take()} loading={busy}>
          {url ? t('enrol.snapshot.again') : t('detail.takeSnapshot')}
        </Button>
        {actions}
      </Group>
    </Stack>
  );
}
