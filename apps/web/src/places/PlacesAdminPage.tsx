import { Alert, Button, Card, FileInput, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, placesApi, type FeatureCollectionFile, type StreetImportResult } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { WardMap } from './WardMap';

const SKIP_REASONS = ['no_name', 'not_a_line', 'not_a_feature', 'invalid_line'] as const;

/** A chosen file read as a GeoJSON FeatureCollection, or why it is not one. */
type ReadFile = { file: File; collection: FeatureCollectionFile } | { file: File; unreadable: true };

async function readCollection(file: File): Promise<ReadFile> {
  try {
    const value = JSON.parse(await file.text()) as Partial<FeatureCollectionFile>;
    if (value.type !== 'FeatureCollection' || !Array.isArray(value.features)) return { file, unreadable: true };
    return { file, collection: value as FeatureCollectionFile };
  } catch {
    return { file, unreadable: true };
  }
}

/** Wards and their streets: the map, the street list, and GeoJSON imports (e.g. an OpenStreetMap export). */
export function PlacesAdminPage() {
  const { t } = useTranslation('admin');
  const [round, setRound] = useState(0);
  const wards = useLoad(() => placesApi.wards(), [round]);
  const [wardId, setWardId] = useState<string | null>(null);
  useEffect(() => {
    if (!wardId && wards.data?.items.length) setWardId(wards.data.items[0].id);
  }, [wardId, wards.data]);
  const ward = wards.data?.items.find((w) => w.id === wardId) ?? null;
  const map = useLoad(() => (wardId ? placesApi.map(wardId) : Promise.resolve(null)), [wardId, round]);
  const streets = useLoad(() => (wardId ? placesApi.streets(wardId) : Promise.resolve(null)), [wardId, round]);

  return (
    <Stack>
      <PageTitle>{t('places.title')}</PageTitle>
      <Text>{t('places.intro')}</Text>
      <ErrorAlert error={wards.error} />
      {!wards.data && !wards.error && <PageLoader />}
      {wards.data && wards.data.items.length === 0 && <Text c="dimmed">{t('places.noWards')}</Text>}
      {wards.data && wards.data.items.length > 0 && (
        <Select
          label={t('places.ward')}
          data={wards.data.items.map((w) => ({ value: w.id, label: w.name }))}
          value={wardId}
          onChange={setWardId}
          allowDeselect={false}
          maw={360}
        />
      )}
      {ward && (
        <Group align="flex-start" wrap="wrap" gap="lg">
          <Stack style={{ flex: '2 1 420px', minWidth: 0 }}>
            <Title order={2} size="h3">
              {t('places.mapTitle', { ward: ward.name })}
            </Title>
            <ErrorAlert error={map.error} />
            {map.data && (
              <WardMap
                key={`${ward.id}-${round}`}
                map={map.data}
                label={t('places.mapLabel', { ward: ward.name })}
                describedBy="ward-streets-summary"
              />
            )}
            <Text id="ward-streets-summary" size="sm">
              {ward.hasBoundary ? t('places.hasBoundary') : t('places.noBoundary')}{' '}
              {streets.data ? t('places.streetCount', { count: streets.data.items.length }) : ''}
            </Text>
          </Stack>
          <Stack style={{ flex: '1 1 280px', minWidth: 0 }}>
            <Title order={2} size="h3" id="streets-title">
              {t('places.streetsTitle')}
            </Title>
            <ErrorAlert error={streets.error} />
            {streets.data && streets.data.items.length === 0 && <Text c="dimmed">{t('places.noStreets')}</Text>}
            {streets.data && streets.data.items.length > 0 && (
              <List aria-labelledby="streets-title" spacing={2} size="sm" style={{ maxHeight: 420, overflowY: 'auto' }} tabIndex={0}>
                {streets.data.items.map((s) => (
                  <List.Item key={s.id}>
                    {s.name}
                    {!s.hasGeometry && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t('places.noLine')}
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        </Group>
      )}
      <Group align="stretch" wrap="wrap" grow>
        {ward && <StreetImport wardId={ward.id} wardName={ward.name} onImported={() => setRound((n) => n + 1)} />}
        <WardImport onImported={() => setRound((n) => n + 1)} />
      </Group>
    </Stack>
  );
}

/** File input, the feature count before sending, then the send. */
function GeoJsonFile({ label, chosen, onChosen }: { label: string; chosen: ReadFile | null; onChosen: (f: ReadFile | null) => void }) {
  const { t } = useTranslation('admin');
  return (
    <>
      <FileInput
        label={label}
        accept=".geojson,.json,application/geo+json,application/json"
        clearable
        clearButtonProps={{ 'aria-label': t('places.clearFile') }}
        onChange={(file) => {
          if (!file) return onChosen(null);
          void readCollection(file).then(onChosen);
        }}
      />
      {chosen && 'collection' in chosen && (
        <Text role="status">{t('places.fileFeatures', { count: chosen.collection.features.length, file: chosen.file.name })}</Text>
      )}
      {chosen && 'unreadable' in chosen && (
        <Alert color="red" role="alert">
          {t('places.unreadable', { file: chosen.file.name })}
        </Alert>
      )}
    </>
  );
}

const importErrors = (t: (key: string) => string) => ({
  'request.too_large': t('places.tooLarge'),
  'street.invalid_import': t('places.invalidStreets'),
  'ward.invalid_import': t('places.invalidWards'),
  400: t('places.invalidFile'),
});

function StreetImport({ wardId, wardName, onImported }: { wardId: string; wardName: string; onImported: () => void }) {
  const { t } = useTranslation('admin');
  const [chosen, setChosen] = useState<ReadFile | null>(null);
  const [result, setResult] = useState<StreetImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!chosen || !('collection' in chosen)) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await adminApi.importStreets(wardId, chosen.collection));
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const skipped = result ? SKIP_REASONS.reduce((sum, r) => sum + result.skipped[r], 0) : 0;
  return (
    <Card withBorder component="section" aria-labelledby="import-streets">
      <Stack>
        <Title order={2} size="h3" id="import-streets">
          {t('places.importStreetsTitle', { ward: wardName })}
        </Title>
        <Text size="sm">{t('places.importStreetsIntro')}</Text>
        <GeoJsonFile label={t('places.streetsFile')} chosen={chosen} onChosen={setChosen} />
        <Group>
          <Button loading={busy} disabled={!chosen || !('collection' in chosen)} onClick={() => void send()}>
            {t('places.importStreets')}
          </Button>
        </Group>
        <ErrorAlert error={error} known={importErrors(t)} />
        {result && (
          <Card withBorder role="status" aria-labelledby="import-result">
            <Title order={3} size="h4" id="import-result">
              {t('places.resultTitle')}
            </Title>
            <Table aria-label={t('places.resultTitle')} withRowBorders={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{t('places.imported')}</Table.Th>
                  <Table.Td>{result.imported}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('places.updated')}</Table.Th>
                  <Table.Td>{result.updated}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('places.skipped')}</Table.Th>
                  <Table.Td>{skipped}</Table.Td>
                </Table.Tr>
                {SKIP_REASONS.filter((r) => result.skipped[r] > 0).map((r) => (
                  <Table.Tr key={r}>
                    <Table.Th scope="row" fw={400} pl="lg">
                      {t(`places.reasons.${r}`)}
                    </Table.Th>
                    <Table.Td>{result.skipped[r]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </Stack>
    </Card>
  );
}

function WardImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation('admin');
  const [chosen, setChosen] = useState<ReadFile | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!chosen || !('collection' in chosen)) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await adminApi.importWards(chosen.collection)).length);
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="import-wards">
      <Stack>
        <Title order={2} size="h3" id="import-wards">
          {t('places.importWardsTitle')}
        </Title>
        <Text size="sm">{t('places.importWardsIntro')}</Text>
        <GeoJsonFile label={t('places.wardsFile')} chosen={chosen} onChosen={setChosen} />
        <Group>
          <Button loading={busy} disabled={!chosen || !('collection' in chosen)} onClick={() => void send()}>
            {t('places.importWards')}
          </Button>
        </Group>
        <ErrorAlert error={error} known={importErrors(t)} />
        {done !== null && (
          <Text role="status" fw={600}>
            {t('places.wardsImported', { count: done })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
