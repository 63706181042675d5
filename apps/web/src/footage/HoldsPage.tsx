import '../investigations/investigations.css';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, holdsApi, investigationsApi, placesApi, searchApi, type HoldKind, type LegalHold } from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { fromLocalInput, toLocalInput } from '../i18n/zone';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

const KINDS: HoldKind[] = ['manual', 'release', 'preservation'];
const REASON_MIN_CHARS = 10;
const REASON_MAX_CHARS = 1000;
const HOUR = 3_600_000;

/**
 * Legal holds (/holds), for supervisors: the holds in force (or lifted too), filtered by kind, camera
 * and investigation; a manual hold placed on a camera picked from the ward's camera layer by label
 * or address, with its window and reason; a hold lifted with a reason, where nothing still needs it.
 */
export function HoldsPage() {
  const { t } = useTranslation('review');
  const format = useFormat();
  const settings = useSettings();
  const [kind, setKind] = useState<HoldKind | null>(null);
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [investigationId, setInvestigationId] = useState<string | null>(null);
  const [includeLifted, setIncludeLifted] = useState(false);
  const holds = useLoad(
    () =>
      holdsApi.list({
        kind: kind ?? undefined,
        cameraId: cameraId ?? undefined,
        investigationId: investigationId ?? undefined,
        includeLifted,
      }),
    [kind, cameraId, investigationId, includeLifted],
  );

  // The ward's cameras (the camera layer), to pick one by label or address; the investigations to pick one.
  const wards = useLoad(() => placesApi.wards(), []);
  const ward = wards.data?.items.find((w) => w.name === settings.wardName) ?? wards.data?.items[0] ?? null;
  const layer = useLoad(() => (ward ? searchApi.wardCameras(ward.id) : Promise.resolve(null)), [ward?.id]);
  const investigations = useLoad(() => investigationsApi.list('open'), []);
  const cameraOptions = (layer.data?.cameras ?? []).map((c) => ({ value: c.id, label: `${c.label} · ${c.houseNumber} ${c.street}` }));
  const investigationOptions = (investigations.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.caseNumber} · ${i.title}` }));

  const [placing, setPlacing] = useState(false);
  const [lifting, setLifting] = useState<LegalHold | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const items = holds.data?.items ?? [];

  return (
    <Stack maw={960}>
      <Group justify="space-between" wrap="wrap">
        <PageTitle>{t('holds.title')}</PageTitle>
        <Button
          onClick={() => {
            setDone(null);
            setPlacing(true);
          }}
        >
          {t('holds.place')}
        </Button>
      </Group>
      <Text>{t('holds.intro')}</Text>
      {done && (
        <Alert color="green" role="status" variant="light">
          {done}
        </Alert>
      )}

      <section aria-labelledby="holds-filters">
        <Title order={2} size="h4" id="holds-filters" mb="xs">
          {t('holds.filters')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('holds.kind')}
            placeholder={t('holds.kindAll')}
            data={KINDS.map((value) => ({ value, label: t(`holds.kinds.${value}`) }))}
            value={kind}
            onChange={(value) => setKind(value as HoldKind | null)}
            clearable
          />
          <Select
            label={t('holds.camera')}
            placeholder={t('holds.cameraAll')}
            data={cameraOptions}
            value={cameraId}
            onChange={setCameraId}
            searchable
            clearable
            nothingFoundMessage={t('holds.form.noCamera')}
          />
          <Select
            label={t('holds.investigation')}
            placeholder={t('holds.investigationAll')}
            data={investigationOptions}
            value={investigationId}
            onChange={setInvestigationId}
            searchable
            clearable
          />
        </SimpleGrid>
        <Checkbox
          mt="sm"
          label={t('holds.includeLifted')}
          checked={includeLifted}
          onChange={(e) => setIncludeLifted(e.currentTarget.checked)}
        />
      </section>

      <ErrorAlert error={holds.error} />
      {!holds.data && !holds.error && <PageLoader />}
      {holds.data && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {items.length === 0 ? t('holds.empty') : t('holds.count', { count: items.length })}
        </Text>
      )}
      <List listStyleType="none" spacing="sm" p={0}>
        {items.map((hold) => (
          <List.Item key={hold.id}>
            <HoldCard hold={hold} format={format} onLift={() => setLifting(hold)} />
          </List.Item>
        ))}
      </List>

      <PlaceHoldDialog
        opened={placing}
        cameras={cameraOptions}
        investigations={investigationOptions}
        timeZone={settings.timeZone}
        onClose={() => setPlacing(false)}
        onPlaced={(hold) => {
          setPlacing(false);
          setDone(t('holds.form.done', { label: hold.camera.label }));
          holds.reload();
        }}
      />
      <LiftHoldDialog
        hold={lifting}
        onClose={() => setLifting(null)}
        onLifted={(hold) => {
          setLifting(null);
          setDone(t('holds.liftDialog.done', { label: hold.camera.label }));
          holds.reload();
        }}
      />
    </Stack>
  );
}

function HoldCard({ hold, format, onLift }: { hold: LegalHold; format: ReturnType<typeof useFormat>; onLift: () => void }) {
  const { t } = useTranslation('review');
  const titleId = `hold-${hold.id}`;
  const address = [hold.camera.houseNumber, hold.camera.alley, hold.camera.street].filter(Boolean).join(' ');
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={titleId} data-hold={hold.id}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4" id={titleId}>
            {hold.camera.label}
          </Title>
          <Text size="sm" c="dimmed">
            {address}
          </Text>
        </div>
        <Group gap="xs">
          <Badge variant="default" radius="sm" tt="none">
            {t(`holds.kinds.${hold.kind}`)}
          </Badge>
          <Badge variant="default" radius="sm" tt="none" data-active={hold.liftedAt ? 'false' : 'true'}>
            <span aria-hidden="true">{hold.liftedAt ? '– ' : '● '}</span>
            {hold.liftedAt ? t('holds.lifted') : t('holds.active')}
          </Badge>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t(`holds.kindHelp.${hold.kind}`)}
      </Text>
      <dl className="case-facts queue-facts">
        <dt>{t('holds.window')}</dt>
        <dd>{t('window.range', { from: format.dateTime(hold.from), to: format.dateTime(hold.until) })}</dd>
        <dt>{t('holds.reason')}</dt>
        <dd>{hold.reason}</dd>
        {hold.investigation && (
          <>
            <dt>{t('holds.investigation')}</dt>
            <dd>
              <Anchor component={Link} to={`/investigations/${hold.investigation.id}`}>
                {t('holds.case', { caseNumber: hold.investigation.caseNumber })}
              </Anchor>
            </dd>
          </>
        )}
      </dl>
      <Text size="sm">
        {hold.placedBy
          ? t('holds.placedBy', { name: hold.placedBy.displayName, when: format.dateTime(hold.placedAt) })
          : t('holds.placedBySystem', { when: format.dateTime(hold.placedAt) })}
      </Text>
      {hold.liftedAt && (
        <>
          <Text size="sm">
            {hold.liftedBy
              ? t('holds.liftedBy', { name: hold.liftedBy.displayName, when: format.dateTime(hold.liftedAt) })
              : t('holds.liftedBySystem', { when: format.dateTime(hold.liftedAt) })}
          </Text>
          {hold.liftReason && <Text size="sm">{t('holds.liftReason', { reason: hold.liftReason })}</Text>}
        </>
      )}
      {!hold.liftedAt &&
        (hold.liftable ? (
          <Group mt="xs">
            <Button size="xs" variant="outline" color="red" onClick={onLift}>
              {t('holds.lift', { label: hold.camera.label })}
            </Button>
          </Group>
        ) : (
          <Text size="xs" c="dimmed" mt="xs">
            {t('holds.notLiftable')}
          </Text>
        ))}
    </Card>
  );
}

const holdErrors = (t: (key: string) => string) => ({
  'legal_hold.invalid_window': t('holds.errors.invalidWindow'),
  'camera.not_found': t('holds.errors.cameraNotFound'),
  'investigation.closed': t('holds.errors.closed'),
  'legal_hold.still_needed': t('holds.errors.stillNeeded'),
  'legal_hold.already_lifted': t('holds.errors.alreadyLifted'),
  'validation.failed': t('errors.tooShort'),
});

function PlaceHoldDialog({
  opened,
  cameras,
  investigations,
  timeZone,
  onClose,
  onPlaced,
}: {
  opened: boolean;
  cameras: { value: string; label: string }[];
  investigations: { value: string; label: string }[];
  timeZone: string;
  onClose: () => void;
  onPlaced: (hold: LegalHold) => void;
}) {
  const { t } = useTranslation('review');
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [investigationId, setInvestigationId] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // A fresh form each time it opens: the last 24 hours up to now, in the ward's time.
  useEffect(() => {
    if (!opened) return;
    const now = Date.now();
    setCameraId(null);
    setFrom(toLocalInput(now - 24 * HOUR, timeZone));
    setUntil(toLocalInput(now, timeZone));
    setReason('');
    setInvestigationId(null);
    setTouched(false);
    setError(null);
  }, [opened, timeZone]);

  const fromAt = fromLocalInput(from, timeZone);
  const untilAt = fromLocalInput(until, timeZone);
  const errors = {
    camera: !cameraId ? t('holds.form.pickCamera') : undefined,
    until: fromAt !== null && untilAt !== null && untilAt <= fromAt ? t('holds.form.badWindow') : undefined,
    reason: reason.trim().length < REASON_MIN_CHARS ? t('rejectDialog.tooShort', { count: reason.trim().length }) : undefined,
  };

  const submit = async () => {
    setTouched(true);
    if (errors.camera || errors.until || errors.reason || fromAt === null || untilAt === null || !cameraId) return;
    setBusy(true);
    setError(null);
    try {
      onPlaced(
        await holdsApi.place({
          cameraId,
          from: new Date(fromAt).toISOString(),
          until: new Date(untilAt).toISOString(),
          reason: reason.trim(),
          ...(investigationId ? { investigationId } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('holds.form.title')}
      centered
      closeButtonProps={{ 'aria-label': t('holds.form.cancel') }}
      transitionProps={{ duration: 0 }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Select
            label={t('holds.form.camera')}
            description={t('holds.form.cameraHint')}
            data={cameras}
            value={cameraId}
            onChange={setCameraId}
            searchable
            required
            nothingFoundMessage={t('holds.form.noCamera')}
            error={touched ? errors.camera : undefined}
            comboboxProps={{ withinPortal: false }}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              type="datetime-local"
              label={t('holds.form.from')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              required
            />
            <TextInput
              type="datetime-local"
              label={t('holds.form.until')}
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
              required
              error={touched ? errors.until : undefined}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('holds.form.timeZone', { zone: timeZone })}
          </Text>
          <Textarea
            label={t('holds.form.reason')}
            description={t('holds.form.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={REASON_MAX_CHARS}
            required
            autosize
            minRows={3}
            error={touched ? errors.reason : undefined}
          />
          <Select
            label={t('holds.form.investigation')}
            placeholder={t('holds.form.none')}
            data={investigations}
            value={investigationId}
            onChange={setInvestigationId}
            searchable
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <ErrorAlert error={error} known={holdErrors(t)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('holds.form.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('holds.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function LiftHoldDialog({ hold, onClose, onLifted }: { hold: LegalHold | null; onClose: () => void; onLifted: (hold: LegalHold) => void }) {
  const { t } = useTranslation('review');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setReason('');
    setTouched(false);
    setError(null);
  }, [hold?.id]);
  const short = reason.trim().length < REASON_MIN_CHARS;
  const lift = async () => {
    setTouched(true);
    if (!hold || short) return;
    setBusy(true);
    setError(null);
    try {
      onLifted(await holdsApi.lift(hold.id, reason.trim()));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'legal_hold.already_lifted') return;
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      opened={hold !== null}
      title={t('holds.liftDialog.title', { label: hold?.camera.label ?? '' })}
      body={t('holds.liftDialog.body')}
      confirm={t('holds.liftDialog.confirm')}
      cancel={t('holds.liftDialog.cancel')}
      color="red"
      busy={busy}
      onClose={onClose}
      onConfirm={() => void lift()}
    >
      <Textarea
        label={t('holds.liftDialog.reason')}
        description={t('holds.liftDialog.reasonHint')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maxLength={REASON_MAX_CHARS}
        required
        autosize
        minRows={3}
        data-autofocus
        error={touched && short ? t('rejectDialog.tooShort', { count: reason.trim().length }) : undefined}
      />
      <ErrorAlert error={error} known={holdErrors(t)} />
    </ConfirmDialog>
  );
}
