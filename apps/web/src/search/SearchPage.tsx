import './search.css';
import { Alert, Button, Grid, Group, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import type L from 'leaflet';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { API_BASE_PATH } from '@wardwatch/api-client';
import {
  ApiError,
  placesApi,
  searchApi,
  type CameraHit,
  type CameraSearchPage,
  type SearchEvent,
  type SearchPlace,
  type WardCamera,
} from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { ConsoleMap, type AreaShape, type LatLng } from '../places/ConsoleMap';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { AreaPanel, type AreaTool } from './AreaPanel';
import { CameraTimeline } from './CameraTimeline';
import { EventDetail } from './EventDetail';
import { footageRequestLink, fromSearchParams, toSearchParams, type SearchState } from './query';
import { SearchForm } from './SearchForm';

const LAST_WARD = 'wardwatch.console.ward';

/** Searches started by the form, by URL, for the page to pick up once the URL shows them (at most one waits). */
const started = new Map<string, Promise<CameraSearchPage>>();

/** The first page of the search in the URL `key`: the one the form already started, or a new request. */
function firstPage(key: string, state: SearchState): Promise<CameraSearchPage> {
  const pending = started.get(key);
  if (pending) {
    started.delete(key);
    return pending;
  }
  performance.mark('search:request');
  return searchApi
    .cameras({
      place: state.place,
      from: new Date(state.from).toISOString(),
      to: new Date(state.to).toISOString(),
      investigationId: state.investigationId ?? undefined,
    })
    .then((page) => {
      performance.mark('search:response');
      return page;
    });
}

/**
 * The officers' and supervisors' console (/search): one search box at the top, the ward map beside
 * the results, the results as a multi-camera timeline cued to the searched moment. The URL carries
 * the search (shareable; the back button returns to the previous one). Two interactions from
 * "this street at this time" to the timeline: type, press Enter.
 */
export function SearchPage() {
  const { t } = useTranslation(['search', 'common']);
  const format = useFormat();
  const settings = useSettings();
  const [params, setParams] = useSearchParams();
  const current = useMemo(() => fromSearchParams(params), [params]);
  const runnable = current !== null && (current.investigationId !== null || current.unlinked);

  // The ward shown on the map: the result's, else the last one chosen, else the deployment's.
  const wards = useLoad(() => placesApi.wards(), []);
  const [wardId, setWardId] = useState<string | null>(() => localStorage.getItem(LAST_WARD));
  useEffect(() => {
    const list = wards.data?.items;
    if (!list || list.length === 0) return;
    if (!wardId || !list.some((w) => w.id === wardId)) setWardId((list.find((w) => w.name === settings.wardName) ?? list[0]).id);
  }, [wards.data, wardId, settings.wardName]);
  const ward = wards.data?.items.find((w) => w.id === wardId) ?? null;
  const wardMap = useLoad(() => (wardId ? placesApi.map(wardId) : Promise.resolve(null)), [wardId]);
  const layer = useLoad(() => (wardId ? searchApi.wardCameras(wardId) : Promise.resolve(null)), [wardId]);
  const streets = useLoad(() => (wardId ? placesApi.streets(wardId) : Promise.resolve(null)), [wardId]);

  // The search itself, and the pages loaded after it ("load more").
  const key = params.toString();
  const first = useLoad(() => (runnable ? firstPage(key, current) : Promise.resolve(null)), [key]);
  const [more, setMore] = useState<{ key: string; items: CameraHit[]; next: string | null; loading: boolean; error: unknown }>({
    key,
    items: [],
    next: null,
    loading: false,
    error: null,
  });
  const page: CameraSearchPage | null = first.data;
  const extra = more.key === key ? more : { items: [], next: page?.next ?? null, loading: false, error: null };
  const cameras = useMemo(() => (page ? [...page.items, ...extra.items] : []), [page, extra.items]);
  const next = extra.items.length > 0 ? extra.next : (page?.next ?? null);
  const loadMore = () => {
    if (!current || !next) return;
    setMore({ key, items: extra.items, next, loading: true, error: null });
    searchApi
      .cameras({
        place: current.place,
        from: new Date(current.from).toISOString(),
        to: new Date(current.to).toISOString(),
        investigationId: current.investigationId ?? undefined,
        cursor: next,
      })
      .then(
        (p) => setMore({ key, items: [...extra.items, ...p.items], next: p.next, loading: false, error: null }),
        (error: unknown) => setMore({ key, items: extra.items, next, loading: false, error }),
      );
  };

  // A street search shows the map of the ward its cameras are in.
  useEffect(() => {
    const resultWard = page?.items[0]?.address.ward.id;
    if (resultWard && resultWard !== wardId && current?.place.kind === 'street') setWardId(resultWard);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page]);
  useEffect(() => {
    if (wardId) localStorage.setItem(LAST_WARD, wardId);
  }, [wardId]);

  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ camera: CameraHit; event: SearchEvent } | null>(null);
  useEffect(() => setSelected(null), [key]);

  // Drawing and picking a place on the map.
  const [tool, setTool] = useState<AreaTool | null>(null);
  const [draft, setDraft] = useState<AreaShape>(null);
  const [area, setArea] = useState<{ place: SearchPlace; label: string } | null>(null);
  const leaflet = useRef<L.Map | null>(null);
  const onMapClick = useCallback(
    (at: LatLng) => {
      if (tool === 'polygon')
        setDraft((d) =>
          d?.kind === 'polygon' && !d.closed ? { ...d, points: [...d.points, at] } : { kind: 'polygon', points: [at], closed: false },
        );
      else if (tool === 'circle') setDraft((d) => ({ kind: 'circle', centre: at, radiusM: d?.kind === 'circle' ? d.radiusM : 150 }));
    },
    [tool],
  );
  const searchedShape: AreaShape = useMemo(() => {
    const place = current?.place;
    if (place?.kind === 'circle')
      return { kind: 'circle', centre: { latitude: place.latitude, longitude: place.longitude }, radiusM: place.radiusM };
    if (place?.kind === 'polygon')
      return {
        kind: 'polygon',
        points: place.polygon.coordinates[0].slice(0, -1).map(([longitude, latitude]) => ({ latitude, longitude })),
        closed: true,
      };
    return null;
  }, [current]);

  const describe = useCallback(
    (camera: WardCamera) =>
      [
        camera.label,
        `${camera.houseNumber} ${camera.street}`,
        t(`search:health.${camera.health}`, { defaultValue: camera.health }),
        camera.openGap
          ? t('search:map.openGap', { reason: t(`search:gap.${camera.openGap.reason}`), from: format.dateTime(camera.openGap.startedAt) })
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
    [t, format],
  );
  const resultIds = useMemo(() => new Set(cameras.map((c) => c.id)), [cameras]);
  // The deployment's offline basemap, when it has one (GET /settings); nothing is fetched from elsewhere.
  const basemap = settings.map.basemap ? `${window.location.origin}${API_BASE_PATH}/map/basemap.pmtiles` : null;

  const onSearch = (state: SearchState) => {
    const params = toSearchParams(state);
    // The same search again (the URL does not change): ask again.
    if (params.toString() === key) return first.reload();
    // The request leaves with the Enter key, not after the page has re-rendered for the new URL.
    started.set(params.toString(), firstPage(params.toString(), state));
    setParams(params);
  };
  const searchedWhere = current ? placeLabel(current.place, t, ward?.name ?? '', area) : '';
  const uncoveredFraction = page?.uncoveredFraction ?? null;

  return (
    <Stack gap="md">
      <PageTitle>{t('search:title')}</PageTitle>
      <SearchForm
        current={current}
        area={area?.place ?? null}
        areaLabel={area?.label ?? null}
        onClearArea={() => {
          setArea(null);
          setDraft(null);
          setTool(null);
        }}
        onSearch={onSearch}
      />
      {current && !runnable && <Alert color="orange">{t('search:unlinked.pending')}</Alert>}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="xs">
            <Group justify="space-between" align="flex-end">
              <Select
                label={t('search:map.ward')}
                data={(wards.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
                value={wardId}
                onChange={(v) => v && setWardId(v)}
                allowDeselect={false}
                size="xs"
                w={240}
                comboboxProps={{ withinPortal: false }}
              />
              <HealthLegend />
            </Group>
            {wardMap.data && (
              <ConsoleMap
                map={wardMap.data}
                layer={layer.data}
                label={t('search:map.label', { ward: ward?.name ?? '' })}
                describedBy="console-map-summary"
                resultIds={resultIds}
                highlightId={highlightId}
                onSelectCamera={(id) => {
                  setHighlightId(id);
                  document.querySelector(`[data-camera-id="${CSS.escape(id)}"] button`)?.scrollIntoView({ block: 'nearest' });
                }}
                describe={describe}
                area={draft ?? searchedShape}
                uncovered={page?.uncovered ?? null}
                onMapClick={onMapClick}
                basemapUrl={basemap}
                onReady={(m) => {
                  leaflet.current = m;
                }}
              />
            )}
            {!wardMap.data && !wardMap.error && <Loader size="sm" role="status" aria-label={t('common:loading')} />}
            <ErrorAlert error={wardMap.error ?? wards.error} />
            <Text size="xs" c="dimmed" id="console-map-summary">
              {layer.data
                ? t('search:map.summary', {
                    searchable: layer.data.cameras.length,
                    hidden: layer.data.notSearchable.length,
                    ward: ward?.name ?? '',
                  })
                : layer.error
                  ? t('search:map.noCameraLayer')
                  : ''}
            </Text>
            {ward && (
              <Paper withBorder p="xs">
                <Text size="sm" fw={600} mb={4}>
                  {t('search:area.title')}
                </Text>
                <AreaPanel
                  tool={tool}
                  onTool={setTool}
                  draft={draft}
                  onDraft={setDraft}
                  centre={() => {
                    const c = leaflet.current?.getCenter();
                    return c ? { latitude: c.lat, longitude: c.lng } : null;
                  }}
                  streets={streets.data?.items ?? []}
                  wardId={ward.id}
                  wardName={ward.name}
                  onChoose={(place, label) => setArea({ place, label })}
                />
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            {!current && <Text c="dimmed">{t('search:empty')}</Text>}
            {runnable && !page && !first.error && <Loader size="sm" role="status" aria-label={t('common:loading')} />}
            <ErrorAlert error={first.error} known={searchErrors(t, first.error)} />
            {current && page && (
              <>
                <Group justify="space-between" align="center" wrap="wrap">
                  <Text size="sm" role="status">
                    {t('search:result.summary', { count: cameras.length, where: searchedWhere, at: format.dateTime(new Date(current.at)) })}
                  </Text>
                  {current.investigationId ? (
                    <Button
                      component={Link}
                      to={footageRequestLink(
                        current.investigationId,
                        current,
                        cameras.map((c) => c.id),
                      )}
                      disabled={cameras.length === 0}
                    >
                      {t('search:result.request')}
                    </Button>
                  ) : (
                    <Text size="sm" c="orange.9">
                      {t('search:result.requestNeedsInvestigation')}
                    </Text>
                  )}
                </Group>
                {current.unlinked && (
                  <Alert color="orange" variant="light">
                    {t('search:unlinked.flagged')}
                  </Alert>
                )}
                {page.uncovered && page.uncovered.coordinates.length > 0 && (
                  <Group gap="xs" role="note" aria-label={t('search:uncovered.label')}>
                    <span className="console-uncovered-swatch" aria-hidden="true" />
                    <Text size="sm">
                      {uncoveredFraction !== null
                        ? t('search:uncovered.legend', { percent: format.percent(uncoveredFraction) })
                        : t('search:uncovered.legendNoFigure')}
                    </Text>
                  </Group>
                )}
                {page.uncovered && page.uncovered.coordinates.length === 0 && (
                  <Text size="sm" role="note" aria-label={t('search:uncovered.label')}>
                    {t('search:uncovered.none')}
                  </Text>
                )}
                {cameras.length === 0 ? (
                  <Text>{t('search:result.none')}</Text>
                ) : (
                  <CameraTimeline
                    cameras={cameras}
                    from={current.from}
                    to={current.to}
                    at={current.at}
                    highlightId={highlightId}
                    onHighlight={setHighlightId}
                    onOpenEvent={(camera, event) => {
                      setHighlightId(camera.id);
                      setSelected({ camera, event });
                    }}
                    selectedEventId={selected?.event.id ?? null}
                  />
                )}
                {selected && <EventDetail camera={selected.camera} event={selected.event} onClose={() => setSelected(null)} />}
                {next && (
                  <Button variant="default" onClick={loadMore} loading={extra.loading}>
                    {t('search:result.loadMore')}
                  </Button>
                )}
                <ErrorAlert error={extra.error} />
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function HealthLegend() {
  const { t } = useTranslation('search');
  const entries: [string, string][] = [
    ['online', 'console-legend-online'],
    ['offline', 'console-legend-offline'],
    ['auth_failed', 'console-legend-auth_failed'],
    ['subscription_failing', 'console-legend-subscription_failing'],
    ['stream_unreachable', 'console-legend-stream_unreachable'],
    ['not_covered', 'console-legend-not_covered'],
  ];
  return (
    <Group gap="xs" role="group" aria-label={t('map.legend')}>
      {entries.map(([health, className]) => (
        <Group key={health} gap={4} wrap="nowrap">
          <span className={`console-legend-dot ${className}`} aria-hidden="true" />
          <Text size="xs">{t(`health.${health}`)}</Text>
        </Group>
      ))}
      <Group gap={4} wrap="nowrap">
        <span className="console-legend-dot console-legend-hidden" aria-hidden="true" />
        <Text size="xs">{t('map.notSearchable')}</Text>
      </Group>
      <Group gap={4} wrap="nowrap">
        <span className="console-legend-dot console-legend-gap" aria-hidden="true" />
        <Text size="xs">{t('map.gapLegend')}</Text>
      </Group>
    </Group>
  );
}

type T = (key: string, options?: Record<string, unknown>) => string;

function placeLabel(place: SearchPlace, t: T, wardName: string, area: { place: SearchPlace; label: string } | null): string {
  if (area && area.place === place) return area.label;
  switch (place.kind) {
    case 'street':
      return place.houseFrom || place.houseTo
        ? t('search:area.streetRangeLabel', { street: place.street, from: place.houseFrom ?? '…', to: place.houseTo ?? '…' })
        : place.street;
    case 'circle':
      return t('search:area.circleLabel', { radius: place.radiusM });
    case 'polygon':
      return t('search:area.polygonLabel', { count: Math.max(0, place.polygon.coordinates[0].length - 1) });
    case 'ward':
      return wardName;
  }
}

/** The search refusals the officer can act on, by the API's stable code. */
const SEARCH_REFUSALS = [
  'invalid_place',
  'invalid_street',
  'invalid_house_number',
  'invalid_radius',
  'invalid_area',
  'area_too_large',
  'invalid_window',
  'window_too_long',
  'investigation_refused',
] as const;

/**
 * The search's own refusals in the officer's words (the window too long, a street too short…), by
 * code: the API's `detail` is English and is never shown inside a Vietnamese sentence.
 */
function searchErrors(t: T, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return {
    ...Object.fromEntries(SEARCH_REFUSALS.map((code) => [`search.${code}`, t(`search:errors.${code}`)])),
    400: t('search:errors.invalid'),
    403: t('search:errors.forbidden'),
  };
}
