import './investigations.css';
import { Alert, Anchor, Button, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, investigationsApi, placesApi, type FileFootageRequest, type WardMapData } from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { nfcInput } from '../ui/text';
import { useLoad } from '../ui/useLoad';
import { circleAreaM2, circleRing, exceeds, m2ToKm2, polygonAreaM2, windowHours } from './area';
import { AreaMap } from './AreaMap';
import { fromWardLocal, parsePrefill, toWardLocal, type Selection } from './requestQuery';

type Field = 'from' | 'to' | 'reason' | 'legalBasis' | 'justification';

/** The area of the ward's boundary (a MultiPolygon of [longitude, latitude]), in m². */
function wardAreaM2(map: WardMapData | null): number | null {
  const boundary = map?.features.find((f) => f.properties.layer === 'ward');
  if (!boundary) return null;
  const polygons = boundary.geometry.coordinates as unknown as [number, number][][][];
  return polygons.reduce((sum, polygon) => sum + polygonAreaM2(polygon), 0);
}

function measuredAreaM2(selection: Selection | null, ward: WardMapData | null): number | null {
  if (!selection) return null;
  switch (selection.kind) {
    case 'circle':
      return circleAreaM2(selection.radiusMetres);
    case 'polygon':
      return polygonAreaM2(selection.polygon.coordinates);
    case 'ward':
      return wardAreaM2(ward);
    case 'street':
      return null; // named cameras: no area to measure
  }
}

function ringOf(selection: Selection | null, ward: WardMapData | null): [number, number][] | null {
  if (selection?.kind === 'circle') return circleRing(selection.latitude, selection.longitude, selection.radiusMetres);
  if (selection?.kind === 'polygon') return selection.polygon.coordinates[0];
  if (selection?.kind === 'ward') {
    const boundary = ward?.features.find((f) => f.properties.layer === 'ward');
    return boundary ? ((boundary.geometry.coordinates as unknown as [number, number][][][])[0]?.[0] ?? null) : null;
  }
  return null;
}

/**
 * File a footage request, prefilled from the search (area and window in the query string): the
 * officer adds the reason and legal basis. The limits per request (GET /settings) are shown next to
 * this request's own area and window, measured as they change; over a limit, a written
 * justification is required, which the supervisor reads.
 */
export function RequestFormPage() {
  const { id = '' } = useParams();
  const [query] = useSearchParams();
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const settings = useSettings();
  const navigate = useNavigate();
  const limits = settings.footageRequestLimits;
  const zone = settings.timeZone;

  const prefill = useMemo(() => parsePrefill(query), [query]);
  const selection = prefill.selection;
  const investigation = useLoad(() => investigationsApi.get(id), [id]);
  const wardMap = useLoad(async () => {
    const wards = (await placesApi.wards()).items.filter((w) => w.hasBoundary);
    const ward = (selection?.kind === 'ward' && wards.find((w) => w.id === selection.wardId)) || wards[0];
    return ward ? placesApi.map(ward.id) : null;
  }, [selection]);

  const [from, setFrom] = useState(() => (prefill.from ? toWardLocal(prefill.from, zone) : ''));
  const [to, setTo] = useState(() => (prefill.to ? toWardLocal(prefill.to, zone) : ''));
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [justification, setJustification] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const fromAt = fromWardLocal(from, zone);
  const toAt = fromWardLocal(to, zone);
  const hours = Number.isFinite(fromAt) && Number.isFinite(toAt) ? windowHours(new Date(fromAt), new Date(toAt)) : null;
  const areaM2 = measuredAreaM2(selection, wardMap.data ?? null);
  const areaKm2 = areaM2 === null ? null : m2ToKm2(areaM2);
  const overArea = exceeds(areaKm2, limits.maxAreaKm2);
  const overWindow = exceeds(hours, limits.maxWindowHours);
  const needsJustification = overArea || overWindow;
  const min = limits.justificationMinChars;

  const required = t('form.required');
  const shortJustification = t('form.justificationShort', { min, count: justification.trim().length });
  const server = fieldErrors<Field>(
    error,
    {
      from: t('form.errors.window'),
      to: t('form.errors.window'),
      reason: required,
      legalBasis: required,
      justification: shortJustification,
    },
    {
      'footage_request.invalid_window': { field: 'to', message: t('form.errors.window') },
      'footage_request.exceeds_limits': { field: 'justification', message: t('form.errors.exceedsLimits') },
    },
  );
  const local = {
    from: tried && !Number.isFinite(fromAt) ? required : undefined,
    to: tried && !Number.isFinite(toAt) ? required : undefined,
    reason: tried && !reason.trim() ? required : undefined,
    legalBasis: tried && !legalBasis.trim() ? required : undefined,
    justification: tried && needsJustification && justification.trim().length < min ? shortJustification : undefined,
  };
  const errors: Partial<Record<Field, string>> = Object.fromEntries(
    (['from', 'to', 'reason', 'legalBasis', 'justification'] as Field[]).map((f) => [f, local[f] ?? server[f]]),
  );
  // The server asks for a justification even if the form's measure did not (a different limit, a rounding).
  const showJustification = needsJustification || server.justification !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!selection || Object.values(local).some(Boolean) || !Number.isFinite(fromAt) || !Number.isFinite(toAt)) return;
    if (!reason.trim() || !legalBasis.trim()) return;
    if (needsJustification && justification.trim().length < min) return;
    const body: FileFootageRequest = {
      from: new Date(fromAt).toISOString(),
      to: new Date(toAt).toISOString(),
      reason: reason.trim(),
      legalBasis: legalBasis.trim(),
      ...(showJustification && justification.trim() ? { justification: justification.trim() } : {}),
      ...(selection.kind === 'street' ? { cameraIds: selection.cameraIds } : {}),
      ...(selection.kind === 'circle'
        ? { area: { latitude: selection.latitude, longitude: selection.longitude, radiusMetres: selection.radiusMetres } }
        : {}),
      ...(selection.kind === 'polygon' ? { polygon: selection.polygon } : {}),
      ...(selection.kind === 'ward' ? { wardId: selection.wardId } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const filed = await investigationsApi.fileRequest(id, body);
      void navigate(`/investigations/${id}/requests/${filed.id}`, { state: { filed: true } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (investigation.error)
    return <ErrorAlert error={investigation.error} known={{ 403: t('form.errors.notMember'), 404: t('form.errors.notMember') }} />;
  if (!investigation.data) return <PageLoader />;

  const where = (() => {
    if (!selection) return t('form.noArea');
    switch (selection.kind) {
      case 'street':
        return t('form.kind.street', { count: selection.cameraIds.length });
      case 'circle':
        return t('form.kind.circle', {
          radius: format.number(selection.radiusMetres),
          lat: format.number(selection.latitude, 5),
          lon: format.number(selection.longitude, 5),
        });
      case 'polygon':
        return t('form.kind.polygon', { points: selection.polygon.coordinates[0].length - 1 });
      case 'ward':
        return t('form.kind.ward');
    }
  })();
  const number2 = (value: number) => format.number(value, 2);
  const known = {
    'footage_request.invalid_selection': t('form.errors.selection'),
    'footage_request.cameras_not_requestable': t('form.errors.notRequestable'),
    'footage_request.no_consenting_cameras': t('form.errors.noCameras'),
    'footage_request.area_too_large': t('form.errors.tooManyCameras'),
    'footage_request.open_limit': t('form.errors.openLimit'),
    'footage_request.camera_hours_limit': t('form.errors.cameraHours'),
    'investigation.closed': t('form.errors.closed'),
    'investigation.not_member': t('form.errors.notMember'),
  };
  const fieldLevel = Object.values(server).some(Boolean);
  const verdict = (over: boolean, value: number | null) =>
    value === null ? t('form.limits.unknown') : over ? t('form.limits.over') : t('form.limits.within');

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={860}>
        <Anchor component={Link} to={`/investigations/${id}`} size="sm">
          {t('request.back')}
        </Anchor>
        <PageTitle>{t('form.title', { caseNumber: investigation.data.caseNumber })}</PageTitle>
        <Text>{t('form.intro')}</Text>

        <section aria-labelledby="where-title">
          <Title order={2} size="h3" id="where-title" mb="xs">
            {t('form.where')}
          </Title>
          <Text id="where-words" mb="xs">
            {where}
          </Text>
          {!selection && <Alert color="yellow">{t('form.noArea')}</Alert>}
          {wardMap.data !== null || wardMap.error ? (
            <AreaMap
              ward={wardMap.data ?? null}
              ring={ringOf(selection, wardMap.data ?? null)}
              label={t('form.map')}
              describedBy="where-words"
            />
          ) : (
            <PageLoader />
          )}
        </section>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="datetime-local"
            step={1}
            label={t('form.from')}
            description={t('form.timeZone', { zone })}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors.from}
            required
          />
          <TextInput
            type="datetime-local"
            step={1}
            label={t('form.to')}
            description={t('form.timeZone', { zone })}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={errors.to}
            required
          />
        </SimpleGrid>
        {Number.isFinite(fromAt) && Number.isFinite(toAt) && (
          <Text size="sm">{t('form.windowNow', { from: format.dateTime(new Date(fromAt)), to: format.dateTime(new Date(toAt)) })}</Text>
        )}

        <section aria-labelledby="limits-title">
          <Title order={2} size="h4" id="limits-title" mb="xs">
            {t('form.limits.title')}
          </Title>
          <Table withTableBorder aria-labelledby="limits-title" aria-live="polite">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" />
                <Table.Th scope="col">{t('form.limits.measured')}</Table.Th>
                <Table.Th scope="col">{t('form.limits.max')}</Table.Th>
                <Table.Th scope="col" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr data-testid="limit-area">
                <Table.Th scope="row">{t('form.limits.area')}</Table.Th>
                <Table.Td>
                  {areaKm2 === null
                    ? selection?.kind === 'street'
                      ? t('form.limits.byCameras')
                      : t('form.limits.unknown')
                    : t('form.limits.areaValue', { value: number2(areaKm2) })}
                </Table.Td>
                <Table.Td>{t('form.limits.areaValue', { value: number2(limits.maxAreaKm2) })}</Table.Td>
                <Table.Td fw={overArea ? 700 : undefined}>{selection?.kind === 'street' ? '' : verdict(overArea, areaKm2)}</Table.Td>
              </Table.Tr>
              <Table.Tr data-testid="limit-window">
                <Table.Th scope="row">{t('form.limits.window')}</Table.Th>
                <Table.Td>{hours === null ? t('form.limits.unknown') : t('form.limits.windowValue', { value: number2(hours) })}</Table.Td>
                <Table.Td>{t('form.limits.windowValue', { value: number2(limits.maxWindowHours) })}</Table.Td>
                <Table.Td fw={overWindow ? 700 : undefined}>{verdict(overWindow, hours)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </section>

        <Textarea
          label={t('form.reason')}
          description={t('form.reasonHint')}
          value={reason}
          onChange={nfcInput(setReason)}
          error={errors.reason}
          required
          autosize
          minRows={2}
        />
        <TextInput
          label={t('form.legalBasis')}
          description={t('form.legalBasisHint')}
          value={legalBasis}
          onChange={nfcInput(setLegalBasis)}
          error={errors.legalBasis}
          required
        />
        {showJustification && (
          <Textarea
            label={t('form.justification')}
            description={t('form.justificationHint', { min })}
            value={justification}
            onChange={nfcInput(setJustification)}
            error={errors.justification}
            required
            autosize
            minRows={3}
            minLength={min}
          />
        )}
        {!fieldLevel && <ErrorAlert error={error} known={known} />}
        {fieldLevel && error instanceof ApiError && error.code && error.code in known && <ErrorAlert error={error} known={known} />}
        <div>
          <Button type="submit" loading={busy} disabled={!selection}>
            {t('form.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
