import { Badge, Button, Card, Group, List, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, placesApi, type RosterCamera, type RosterFilter, type RosterPage } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

const HEALTH = ['unknown', 'online', 'offline', 'auth_failed', 'subscription_failing', 'stream_unreachable', 'not_covered'] as const;
const CONSENT = ['given', 'paused', 'withdrawn', 'none'] as const;

/** Coverage in words: held by a worker, not covered although it should be, or not expected (paused, pending...). */
function Coverage({ camera }: { camera: RosterCamera }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const c = camera.coverage;
  if (c.held)
    return (
      <Text size="sm">
        {t('roster.heldBy', { worker: c.workerId ?? '' })}
        {c.leaseExpiresAt && (
          <Text span size="xs" c="dimmed" display="block">
            {t('roster.leaseUntil', { when: format.dateTimeSeconds(c.leaseExpiresAt) })}
          </Text>
        )}
      </Text>
    );
  if (c.expected)
    return (
      <Badge color="red.9" variant="filled" radius="sm" tt="none" h="auto" py={4} style={{ whiteSpace: 'normal' }}>
        {t('roster.notCovered')}
      </Badge>
    );
  return (
    <Text size="sm" c="dimmed">
      {t('roster.notExpected')}
    </Text>
  );
}

function consentText(camera: RosterCamera, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (!camera.consent) return t('roster.consent.none');
  const purposes = camera.consent.purposes.map((p) => t(`roster.purposes.${p}`)).join(', ');
  return `${t(`roster.consent.${camera.consent.state}`)} · ${purposes} · ${t('roster.retention', { count: camera.consent.retentionDays })}`;
}

/** The ward's camera roster for administrators: health, consent, last event and which worker covers each camera. */
export function WardCamerasPage() {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const wide = useMediaQuery('(min-width: 62em)', true);
  const wards = useLoad(() => placesApi.wards(), []);
  const [wardId, setWardId] = useState<string | null>(null);
  useEffect(() => {
    if (!wardId && wards.data?.items.length) setWardId(wards.data.items[0].id);
  }, [wardId, wards.data]);
  const [filter, setFilter] = useState<RosterFilter>({});
  const [q, setQ] = useState('');
  const [pages, setPages] = useState<RosterPage[]>([]);
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const first = useLoad(
    () => (wardId ? adminApi.roster(wardId, { ...filter, limit: 100 }) : Promise.resolve(null)),
    [wardId, filter.health, filter.consent, filter.covered, filter.q],
  );
  useEffect(() => setPages(first.data ? [first.data] : []), [first.data]);
  const cameras = pages.flatMap((p) => p.items);
  const next = pages.length ? pages[pages.length - 1].next : null;

  const loadMore = async () => {
    if (!wardId || !next) return;
    setMore({ busy: true, error: null });
    try {
      const page = await adminApi.roster(wardId, { ...filter, limit: 100, cursor: next });
      setPages((p) => [...p, page]);
      setMore({ busy: false, error: null });
    } catch (e) {
      setMore({ busy: false, error: e });
    }
  };

  const set = (patch: Partial<RosterFilter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <Stack>
      <PageTitle>{t('roster.title')}</PageTitle>
      <Text>{t('roster.intro')}</Text>
      <ErrorAlert error={wards.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: q.trim() || undefined });
        }}
      >
        <Group align="flex-end" wrap="wrap">
          {wards.data && wards.data.items.length > 1 && (
            <Select
              label={t('roster.ward')}
              data={wards.data.items.map((w) => ({ value: w.id, label: w.name }))}
              value={wardId}
              onChange={setWardId}
              allowDeselect={false}
            />
          )}
          <Select
            label={t('roster.filterHealth')}
            data={[{ value: '', label: t('roster.any') }, ...HEALTH.map((h) => ({ value: h, label: t(`roster.health.${h}`) }))]}
            value={filter.health ?? ''}
            onChange={(v) => set({ health: (v || undefined) as RosterFilter['health'] })}
            allowDeselect={false}
          />
          <Select
            label={t('roster.filterConsent')}
            data={[{ value: '', label: t('roster.any') }, ...CONSENT.map((c) => ({ value: c, label: t(`roster.consent.${c}`) }))]}
            value={filter.consent ?? ''}
            onChange={(v) => set({ consent: (v || undefined) as RosterFilter['consent'] })}
            allowDeselect={false}
          />
          <Select
            label={t('roster.filterCoverage')}
            data={[
              { value: '', label: t('roster.any') },
              { value: 'true', label: t('roster.coveredOnly') },
              { value: 'false', label: t('roster.notCoveredOnly') },
            ]}
            value={filter.covered === undefined ? '' : String(filter.covered)}
            onChange={(v) => set({ covered: v === '' || v === null ? undefined : v === 'true' })}
            allowDeselect={false}
          />
          <TextInput label={t('roster.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <Button type="submit" variant="default">
            {t('roster.apply')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={first.error} />
      {wardId && !first.data && !first.error && <PageLoader />}
      {first.data && cameras.length === 0 && <Text c="dimmed">{t('roster.empty')}</Text>}
      {cameras.length > 0 && wide && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped aria-label={t('roster.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('roster.columns.camera')}</Table.Th>
                <Table.Th>{t('roster.columns.owner')}</Table.Th>
                <Table.Th>{t('roster.columns.state')}</Table.Th>
                <Table.Th>{t('roster.columns.consent')}</Table.Th>
                <Table.Th>{t('roster.columns.lastEvent')}</Table.Th>
                <Table.Th>{t('roster.columns.coverage')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cameras.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Text fw={600}>{c.label}</Text>
                    <Text size="sm">{t('roster.address', { house: c.address.houseNumber, street: c.address.street })}</Text>
                  </Table.Td>
                  <Table.Td>{c.owner.displayName}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`roster.lifecycle.${c.lifecycle}`)}</Text>
                    <Text size="sm">{t(`roster.health.${c.health}`)}</Text>
                    <Text size="xs" c="dimmed">
                      {t('roster.lastProbe', { when: format.dateTime(c.lastProbedAt) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{consentText(c, t)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.lastEventAt ? format.dateTime(c.lastEventAt) : t('roster.noEvent')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Coverage camera={c} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {cameras.length > 0 && !wide && (
        <List listStyleType="none" spacing="sm" p={0} aria-label={t('roster.tableLabel')}>
          {cameras.map((c) => (
            <List.Item key={c.id}>
              <Card withBorder padding="sm" component="article" aria-labelledby={`roster-${c.id}`}>
                <Title order={2} size="h4" id={`roster-${c.id}`}>
                  {c.label}
                </Title>
                <Text size="sm">{t('roster.address', { house: c.address.houseNumber, street: c.address.street })}</Text>
                <Text size="sm">{c.owner.displayName}</Text>
                <Text size="sm">
                  {t(`roster.lifecycle.${c.lifecycle}`)} · {t(`roster.health.${c.health}`)}
                </Text>
                <Text size="sm">{consentText(c, t)}</Text>
                <Text size="sm">
                  {t('roster.columns.lastEvent')}: {c.lastEventAt ? format.dateTime(c.lastEventAt) : t('roster.noEvent')}
                </Text>
                <Coverage camera={c} />
              </Card>
            </List.Item>
          ))}
        </List>
      )}
      <ErrorAlert error={more.error} />
      {next && (
        <Group>
          <Button variant="default" loading={more.busy} onClick={() => void loadMore()}>
            {t('roster.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
