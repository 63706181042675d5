import { Autocomplete, Button, Card, Group, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { auditApi, investigationsApi, placesApi, searchApi, type AuditEntry, type AuditFilters } from '../api';
import { useFormat } from '../i18n/format';
import { fromLocalInput } from '../i18n/zone';
import { useSettings } from '../app/settings';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { AuditEntriesTable, type ConsoleNames, useActionLabel } from './AuditEntriesTable';
import { ACTION_FAMILIES, filtersFromQuery, isUuid, queryFromFilters, questionOf, shortId } from './auditFilters';
import { ChainPanel } from './ChainPanel';
import { FlagsPanel } from './FlagsPanel';

type Option = { value: string; label: string };

/** What the console knows about the ward, to show names instead of ids and to pick from. */
function useConsoleNames() {
  const wards = useLoad(() => placesApi.wards(), []);
  const wardId = wards.data?.items[0]?.id ?? null;
  const cameras = useLoad(() => (wardId ? searchApi.wardCameras(wardId) : Promise.resolve(null)), [wardId]);
  const streets = useLoad(() => (wardId ? placesApi.streets(wardId) : Promise.resolve(null)), [wardId]);
  const investigations = useLoad(() => investigationsApi.list(), []);
  return useMemo(() => {
    const cameraOptions: Option[] = (cameras.data?.cameras ?? []).map((c) => ({
      value: c.id,
      label: `${c.label} · ${c.street} ${c.houseNumber}`,
    }));
    const streetOptions: Option[] = (streets.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
    const caseOptions: Option[] = (investigations.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.caseNumber} · ${i.title}` }));
    const label = (options: Option[]) => {
      const byId = new Map(options.map((o) => [o.value, o.label]));
      return (id: string) => byId.get(id) ?? null;
    };
    const caseNumbers = new Map((investigations.data?.items ?? []).map((i) => [i.id, i.caseNumber]));
    const names: ConsoleNames = {
      camera: label(cameraOptions),
      street: label(streetOptions),
      caseNumber: (id) => caseNumbers.get(id) ?? null,
    };
    return {
      names,
      cameraOptions,
      streetOptions,
      caseOptions,
      error: wards.error ?? cameras.error ?? streets.error ?? investigations.error,
    };
  }, [wards.error, cameras.data, cameras.error, streets.data, streets.error, investigations.data, investigations.error]);
}

/**
 * The supervisor's audit console: entries filtered by actor, action, camera, clip, case, street and
 * period (the filters live in the URL, so `/audit?clipId=…` links here), the three questions asked
 * most as one click each, the flags of a period with why each was raised, chain verification with
 * its progress, and the CSV of what is shown.
 */
export function AuditPage() {
  const { t } = useTranslation(['audit', 'common']);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromQuery(params), [params]);
  const [tab, setTab] = useState<string | null>('entries');
  const consoleNames = useConsoleNames();

  return (
    <Stack>
      <PageTitle>{t('common:nav.audit')}</PageTitle>
      <Text>{t('console.intro')}</Text>
      <ErrorAlert error={consoleNames.error} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="entries">{t('console.tabs.entries')}</Tabs.Tab>
          <Tabs.Tab value="flags">{t('console.tabs.flags')}</Tabs.Tab>
          <Tabs.Tab value="chain">{t('console.tabs.chain')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="entries" pt="md">
          <EntriesView filters={filters} onFilters={(f) => setParams(queryFromFilters(f))} {...consoleNames} />
        </Tabs.Panel>
        <Tabs.Panel value="flags" pt="md">
          <FlagsPanel names={consoleNames.names} />
        </Tabs.Panel>
        <Tabs.Panel value="chain" pt="md">
          <ChainPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

interface EntriesViewProps extends ReturnType<typeof useConsoleNames> {
  filters: AuditFilters;
  onFilters: (filters: AuditFilters) => void;
}

function EntriesView({ filters, onFilters, names, cameraOptions, streetOptions, caseOptions }: EntriesViewProps) {
  const { t } = useTranslation('audit');
  const format = useFormat();
  const { timeZone } = useSettings();
  const actionLabel = useActionLabel();
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  /** Actors seen in the entries loaded so far: the actor picker's names. */
  const [actors, setActors] = useState<Map<string, string>>(new Map());

  const remember = (entries: AuditEntry[]) =>
    setActors((known) => {
      const more = new Map(known);
      for (const e of entries) {
        if (e.actorId && e.actorName)
          more.set(e.actorId, `${e.actorName} (${t(`role.${e.actorRole ?? 'system'}`, { defaultValue: e.actorRole ?? '' })})`);
      }
      return more;
    });

  const filterKey = queryFromFilters(filters).toString();
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    auditApi.entries(filters).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setNext(page.next);
        remember(page.items);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey]);

  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const page = await auditApi.entries(filters, next);
      setItems((shown) => [...shown, ...page.items]);
      setNext(page.next);
      remember(page.items);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const actorName = (id: string) => actors.get(id) ?? null;
  const summary = useSummary(filters, {
    ...names,
    actor: actorName,
    action: actionLabel,
    at: (v) => format.dateTime(new Date(fromLocalInput(v, timeZone) ?? v)),
  });

  return (
    <Stack>
      <Questions filters={filters} onFilters={onFilters} cameraOptions={cameraOptions} streetOptions={streetOptions} />
      <FilterForm
        key={filterKey}
        filters={filters}
        onFilters={onFilters}
        cameraOptions={cameraOptions}
        streetOptions={streetOptions}
        caseOptions={caseOptions}
        actorOptions={[...actors].map(([value, label]) => ({ value, label }))}
      />
      <Title order={2} size="h3">
        {t('console.results')}
      </Title>
      <Text aria-live="polite" data-testid="audit-summary">
        {summary}
      </Text>
      <Group>
        <Button component="a" href={auditApi.csvUrl(filters)} download variant="default">
          {t('console.exportCsv')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('console.exportNote')}
        </Text>
      </Group>
      <ErrorAlert error={error} />
      {loading && items.length === 0 ? <PageLoader /> : null}
      {!loading && !error && items.length === 0 ? <Text c="dimmed">{t('console.empty')}</Text> : null}
      {items.length > 0 && <AuditEntriesTable entries={items} names={names} caption={summary} />}
      {next && (
        <Button variant="default" loading={loading} onClick={() => void loadMore()}>
          {t('console.more')}
        </Button>
      )}
    </Stack>
  );
}

/** In words, what the table shows: the question's own sentence, or every filter joined. */
function useSummary(
  filters: AuditFilters,
  names: ConsoleNames & { actor: (id: string) => string | null; action: (a: string) => string; at: (v: string) => string },
): string {
  const { t } = useTranslation('audit');
  const or = (name: string | null, id: string) => name ?? shortId(id);
  const question = questionOf(filters);
  const period = [
    filters.from ? t('console.summary.from', { at: names.at(filters.from) }) : null,
    filters.to ? t('console.summary.to', { at: names.at(filters.to) }) : null,
  ].filter(Boolean);
  const withPeriod = (sentence: string) =>
    period.length ? `${sentence} ${t('console.summary.period', { period: period.join(' ') })}` : sentence;
  if (question === 'clip') return withPeriod(t('console.summary.clip', { clip: filters.clipId }));
  if (question === 'returnedCamera')
    return withPeriod(
      t('console.summary.returnedCamera', { camera: or(names.camera(filters.returnedCameraId!), filters.returnedCameraId!) }),
    );
  if (question === 'street')
    return withPeriod(t('console.summary.street', { street: or(names.street(filters.streetId!), filters.streetId!) }));
  const parts = [
    filters.actorId ? t('console.summary.actor', { actor: or(names.actor(filters.actorId), filters.actorId) }) : null,
    filters.action
      ? t('console.summary.action', {
          action: filters.action.endsWith('.')
            ? t(`console.families.${filters.action.slice(0, -1)}`, { defaultValue: filters.action })
            : names.action(filters.action),
        })
      : null,
    filters.cameraId ? t('console.summary.camera', { camera: or(names.camera(filters.cameraId), filters.cameraId) }) : null,
    filters.clipId ? t('console.summary.clipPart', { clip: shortId(filters.clipId) }) : null,
    filters.returnedCameraId
      ? t('console.summary.returnedCameraPart', { camera: or(names.camera(filters.returnedCameraId), filters.returnedCameraId) })
      : null,
    filters.streetId ? t('console.summary.streetPart', { street: or(names.street(filters.streetId), filters.streetId) }) : null,
    filters.investigationId
      ? t('console.summary.case', { caseNumber: or(names.caseNumber(filters.investigationId), filters.investigationId) })
      : null,
    ...period,
  ].filter(Boolean);
  return parts.length ? t('console.summary.filtered', { filters: parts.join('; ') }) : t('console.summary.all');
}

/** The three questions, one click each once the clip, camera or street is given. */
function Questions({
  filters,
  onFilters,
  cameraOptions,
  streetOptions,
}: {
  filters: AuditFilters;
  onFilters: (f: AuditFilters) => void;
  cameraOptions: Option[];
  streetOptions: Option[];
}) {
  const { t } = useTranslation('audit');
  const [clip, setClip] = useState(filters.clipId ?? '');
  const [camera, setCamera] = useState<string | null>(filters.returnedCameraId ?? null);
  const [street, setStreet] = useState<string | null>(filters.streetId ?? null);
  const period = { from: filters.from, to: filters.to };
  const clipValid = isUuid(clip);
  return (
    <section aria-labelledby="audit-questions">
      <Title order={2} size="h3" id="audit-questions" mb="xs">
        {t('console.questions.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card
          withBorder
          component="form"
          onSubmit={(e: FormEvent) => (e.preventDefault(), clipValid && onFilters({ ...period, clipId: clip.trim() }))}
        >
          <Stack gap="xs">
            <Text fw={600}>{t('console.questions.clip')}</Text>
            <TextInput
              label={t('console.questions.clipId')}
              description={t('console.questions.clipHelp')}
              value={clip}
              onChange={(e) => setClip(e.currentTarget.value)}
              error={clip && !clipValid ? t('console.questions.clipInvalid') : null}
            />
            <Button type="submit" disabled={!clipValid}>
              {t('console.questions.ask')}
            </Button>
          </Stack>
        </Card>
        <Card
          withBorder
          component="form"
          onSubmit={(e: FormEvent) => (e.preventDefault(), camera && onFilters({ ...period, returnedCameraId: camera }))}
        >
          <Stack gap="xs">
            <Text fw={600}>{t('console.questions.returnedCamera')}</Text>
            <Select label={t('console.questions.camera')} data={cameraOptions} value={camera} onChange={setCamera} searchable clearable />
            <Button type="submit" disabled={!camera}>
              {t('console.questions.ask')}
            </Button>
          </Stack>
        </Card>
        <Card
          withBorder
          component="form"
          onSubmit={(e: FormEvent) => (e.preventDefault(), street && onFilters({ ...period, streetId: street }))}
        >
          <Stack gap="xs">
            <Text fw={600}>{t('console.questions.street')}</Text>
            <Select
              label={t('console.questions.streetName')}
              data={streetOptions}
              value={street}
              onChange={setStreet}
              searchable
              clearable
            />
            <Button type="submit" disabled={!street}>
              {t('console.questions.ask')}
            </Button>
          </Stack>
        </Card>
      </SimpleGrid>
    </section>
  );
}

/** Every filter, applied together. */
function FilterForm({
  filters,
  onFilters,
  cameraOptions,
  streetOptions,
  caseOptions,
  actorOptions,
}: {
  filters: AuditFilters;
  onFilters: (f: AuditFilters) => void;
  cameraOptions: Option[];
  streetOptions: Option[];
  caseOptions: Option[];
  actorOptions: Option[];
}) {
  const { t } = useTranslation('audit');
  const { timeZone } = useSettings();
  const actorLabel = (id: string | undefined) => (id ? (actorOptions.find((o) => o.value === id)?.label ?? id) : '');
  const [actor, setActor] = useState(actorLabel(filters.actorId));
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const set = (key: keyof AuditFilters) => (value: string | null) => setDraft((d) => ({ ...d, [key]: value ?? undefined }));
  const actorId = actorOptions.find((o) => o.label === actor)?.value ?? (isUuid(actor) ? actor.trim() : undefined);
  const actorError = actor.trim() && !actorId ? t('console.filters.actorInvalid') : null;
  const families: Option[] = ACTION_FAMILIES.map((f) => ({ value: f, label: t(`console.families.${f.slice(0, -1)}`) }));
  if (draft.action && !draft.action.endsWith('.')) families.unshift({ value: draft.action, label: draft.action });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (actorError) return;
    onFilters({ ...draft, actorId });
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="audit-filters">
      <Title order={2} size="h3" id="audit-filters" mb="xs">
        {t('console.filters.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Autocomplete
          label={t('console.filters.actor')}
          description={t('console.filters.actorHelp')}
          data={actorOptions.map((o) => o.label)}
          value={actor}
          onChange={setActor}
          error={actorError}
        />
        <Select
          label={t('console.filters.action')}
          data={families}
          value={draft.action ?? null}
          onChange={set('action')}
          clearable
          searchable
        />
        <Select
          label={t('console.filters.camera')}
          data={cameraOptions}
          value={draft.cameraId ?? null}
          onChange={set('cameraId')}
          clearable
          searchable
        />
        <TextInput
          label={t('console.filters.clip')}
          value={draft.clipId ?? ''}
          onChange={(e) => set('clipId')(e.currentTarget.value || null)}
        />
        <Select
          label={t('console.filters.case')}
          data={caseOptions}
          value={draft.investigationId ?? null}
          onChange={set('investigationId')}
          clearable
          searchable
        />
        <Select
          label={t('console.filters.street')}
          data={streetOptions}
          value={draft.streetId ?? null}
          onChange={set('streetId')}
          clearable
          searchable
        />
        <TextInput
          type="datetime-local"
          label={t('console.filters.from')}
          value={draft.from ?? ''}
          onChange={(e) => set('from')(e.currentTarget.value || null)}
        />
        <TextInput
          type="datetime-local"
          label={t('console.filters.to')}
          value={draft.to ?? ''}
          onChange={(e) => set('to')(e.currentTarget.value || null)}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {t('console.filters.zoneNote', { zone: timeZone })}
      </Text>
      <Group mt="sm">
        <Button type="submit">{t('console.filters.apply')}</Button>
        <Button variant="default" onClick={() => onFilters({})}>
          {t('console.filters.clear')}
        </Button>
      </Group>
    </Card>
  );
}
