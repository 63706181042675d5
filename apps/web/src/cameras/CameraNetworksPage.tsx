import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, ApiError, type CameraNetwork } from '../api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

/** An IPv4 or IPv6 range as the API takes it (it checks host bits itself). */
const CIDR =
  /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(?:3[0-2]|[12]?\d)|[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(?:12[0-8]|1[01]\d|\d?\d))$/;

/** The allowed camera address ranges, what each covers, and the cameras no range covers. */
export function CameraNetworksPage() {
  const { t } = useTranslation('admin');
  const networks = useLoad(() => adminApi.networks(), []);

  return (
    <Stack maw={900}>
      <PageTitle>{t('networks.title')}</PageTitle>
      <Text>{t('networks.intro')}</Text>
      <ErrorAlert error={networks.error} />
      {!networks.data && !networks.error && <PageLoader />}
      {networks.data && (
        <>
          {networks.data.camerasOutside > 0 ? (
            <Alert color="orange" role="status" title={t('networks.outsideTitle')}>
              {t('networks.outside', { count: networks.data.camerasOutside })}
            </Alert>
          ) : (
            <Text>{t('networks.noneOutside')}</Text>
          )}
          {networks.data.camerasOnLoopback > 0 && (
            <Text size="sm" c="dimmed">
              {t('networks.loopback', { count: networks.data.camerasOnLoopback })}
            </Text>
          )}
          <Title order={2} size="h3">
            {t('networks.listTitle')}
          </Title>
          {networks.data.items.length === 0 && <Text c="dimmed">{t('networks.empty')}</Text>}
          <List listStyleType="none" spacing="sm" p={0} aria-label={t('networks.listTitle')}>
            {networks.data.items.map((n) => (
              <List.Item key={n.id}>
                <NetworkCard network={n} onRemoved={networks.reload} />
              </List.Item>
            ))}
          </List>
        </>
      )}
      <AddNetworkForm onAdded={networks.reload} />
    </Stack>
  );
}

function NetworkCard({ network, onRemoved }: { network: CameraNetwork; onRemoved: () => void }) {
  const { t } = useTranslation('admin');
  const [asking, setAsking] = useState<'plain' | 'force' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const remove = async (force: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await adminApi.removeNetwork(network.id, force);
      setAsking(null);
      onRemoved();
    } catch (e) {
      // Cameras are in it after all (the count changed since the page loaded): ask again, saying how many.
      if (e instanceof ApiError && e.code === 'camera_network.in_use') setAsking('force');
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={`network-${network.id}`}>
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={3} size="h4" id={`network-${network.id}`}>
            {network.label}
          </Title>
          <Text ff="monospace">{network.cidr}</Text>
          <Text size="sm">{t('networks.covers', { count: network.cameras })}</Text>
        </div>
        <Button color="red.9" variant="outline" onClick={() => setAsking(network.cameras > 0 ? 'force' : 'plain')}>
          {t('networks.remove', { label: network.label })}
        </Button>
      </Group>
      <ErrorAlert error={error} />
      <ConfirmDialog
        opened={asking !== null}
        title={t('networks.removeTitle', { cidr: network.cidr })}
        body={asking === 'force' ? t('networks.removeInUse', { count: network.cameras }) : t('networks.removeBody')}
        confirm={asking === 'force' ? t('networks.removeAnyway') : t('networks.removeConfirm')}
        cancel={t('networks.cancel')}
        color="red"
        busy={busy}
        onClose={() => setAsking(null)}
        onConfirm={() => void remove(asking === 'force')}
      />
    </Card>
  );
}

function AddNetworkForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation('admin');
  const [cidr, setCidr] = useState('');
  const [label, setLabel] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = cidr.trim();
    if (!CIDR.test(value)) return setInvalid(true);
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      await adminApi.addNetwork(value, label.trim());
      setCidr('');
      setLabel('');
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="add-network">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Title order={2} size="h3" id="add-network">
            {t('networks.addTitle')}
          </Title>
          <Group grow wrap="wrap" align="flex-start">
            <TextInput
              label={t('networks.cidr')}
              description={t('networks.cidrHint', { v4: '10.88.0.0/16', v6: 'fd00::/8' })}
              required
              value={cidr}
              error={invalid ? t('networks.cidrInvalid', { example: '10.88.0.0/16' }) : undefined}
              onChange={(e) => setCidr(e.currentTarget.value)}
            />
            <TextInput
              label={t('networks.label')}
              required
              maxLength={120}
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
            />
          </Group>
          <ErrorAlert
            error={error}
            known={{
              'camera_network.exists': t('networks.exists'),
              'camera_network.invalid_cidr': t('networks.cidrInvalid', { example: '10.88.0.0/16' }),
              'camera_network.too_broad': t('networks.tooBroad'),
              400: t('networks.invalid'),
            }}
          />
          <Group>
            <Button type="submit" loading={busy} disabled={label.trim() === ''}>
              {t('networks.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
