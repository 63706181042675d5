import { Alert, Button, Group, Loader, NumberInput, PasswordInput, Select, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Camera, camerasApi, placesApi, type Ward } from '../api';
import { DirectionControls } from '../places/DirectionControls';
import { matchesSearch, type ViewDirection } from '../places/geometry';
import { PinPicker } from '../places/PinPicker';
import type { LatLon } from '../places/WardMap';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { nfc, nfcInput } from '../ui/text';
import { addressLine, enrolmentProblem } from './messages';
import { Snapshot } from './Snapshot';
import { useLoad } from '../ui/useLoad';

const STEPS = ['where', 'pin', 'camera', 'snapshot', 'consent'] as const;
type Step = (typeof STEPS)[number];
const DEFAULT_DIRECTION: ViewDirection = { azimuthDeg: 90, fieldOfViewDeg: 90, rangeM: 30 };

/**
 * Guided enrolment, phone first, in five steps: the address (a street of the ward), the pin and
 * direction of view on the ward map, the camera's ONVIF address and credentials (probed at once,
 * with what went wrong in plain words), the camera's own picture, then the hand-over to consent.
 * The camera is enrolled at step three *without* consent, so it stays pending (nothing recorded or
 * shared) while its owner looks at the picture and decides.
 */
export function EnrolPage() {
  const { t } = useTranslation(['cameras', 'places']);
  const wide = useMediaQuery('(min-width: 48em)');
  const [step, setStep] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  const wards = useLoad(() => placesApi.wards(), []);
  const [wardId, setWardId] = useState<string | null>(null);
  const openWards = useMemo(() => (wards.data?.items ?? []).filter((w) => w.hasBoundary), [wards.data]);
  const ward: Ward | undefined = openWards.find((w) => w.id === wardId) ?? openWards[0];
  const streets = useLoad(() => (ward ? placesApi.streets(ward.id) : Promise.resolve(null)), [ward?.id]);
  const map = useLoad(() => (ward ? placesApi.map(ward.id) : Promise.resolve(null)), [ward?.id]);

  const [street, setStreet] = useState<string | null>(null);
  const [houseNumber, setHouseNumber] = useState('');
  const [alley, setAlley] = useState('');
  const [pin, setPin] = useState<LatLon | null>(null);
  const [direction, setDirection] = useState<ViewDirection>(DEFAULT_DIRECTION);
  const [label, setLabel] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState<number | string>(80);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [checked, setChecked] = useState<Partial<Record<Step, boolean>>>({});
  const [probing, setProbing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [camera, setCamera] = useState<Camera | null>(null);

  // Announce each new step: its heading takes focus (the page's h1 took it when the page opened).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const current = STEPS[step];
  const required = t('enrol.where.required');
  const missing = {
    street: checked.where && !street ? required : undefined,
    houseNumber: checked.where && !houseNumber.trim() ? required : undefined,
    pin: checked.pin && !pin ? t('enrol.pin.required') : undefined,
  };

  const next = () => {
    setChecked((c) => ({ ...c, [current]: true }));
    if (current === 'where' && (!street || !houseNumber.trim())) return;
    if (current === 'pin' && !pin) return;
    setStep((s) => s + 1);
  };

  const problem = enrolmentProblem(t, error);
  const errors = fieldErrors(error, {
    label: t('enrol.where.required'),
    'onvif.host': t('enrol.camera.fixAbove'),
    'onvif.port': t('enrol.camera.portHint'),
    'onvif.username': t('enrol.where.required'),
    'onvif.password': t('enrol.where.required'),
  });

  const enrol = async (event: FormEvent) => {
    event.preventDefault();
    if (!ward || !street || !pin) return;
    setProbing(true);
    setError(null);
    try {
      const enrolled = await camerasApi.enrol({
        label: nfc(label).trim(),
        address: { wardCode: ward.code, street, houseNumber: nfc(houseNumber).trim(), alley: nfc(alley).trim() || undefined },
        latitude: pin.latitude,
        longitude: pin.longitude,
        direction,
        onvif: { host: host.trim(), port: Number(port), path: '/onvif/device_service', username, password },
      });
      setCamera(enrolled.camera);
      setStep(STEPS.indexOf('snapshot'));
    } catch (e) {
      setError(e);
    } finally {
      setProbing(false);
    }
  };

  if (wards.error) return <ErrorAlert error={wards.error} />;
  if (!wards.data) return <PageLoader />;

  const stepTitle = (s: Step) => t(`enrol.steps.${s}`);
  const address = street ? addressLine({ address: { street, houseNumber, alley: alley || null, ward: null, residentialGroup: null } }) : '';

  return (
    <Stack>
      <PageTitle>{t('enrol.title')}</PageTitle>
      <Text>{t('enrol.intro')}</Text>
      {/* On a phone the heading below says the step; five labelled steps do not fit in 360 px. */}
      {wide && (
        <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => !camera && s < step && setStep(s)}>
          {STEPS.map((s) => (
            <Stepper.Step key={s} label={stepTitle(s)} />
          ))}
        </Stepper>
      )}
      <Title order={2} size="h4" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
        {t('enrol.progress', { step: step + 1, total: STEPS.length, title: stepTitle(current) })}
      </Title>

      {openWards.length === 0 && <Alert color="yellow">{t('enrol.where.noWard')}</Alert>}

      {current === 'where' && ward && (
        <Stack>
          {openWards.length > 1 ? (
            <Select
              label={t('enrol.where.ward')}
              data={openWards.map((w) => ({ value: w.id, label: w.name }))}
              value={ward.id}
              onChange={(v) => {
                setWardId(v);
                setStreet(null);
                setPin(null);
              }}
              allowDeselect={false}
            />
          ) : (
            <Text>
              {t('enrol.where.ward')}: <strong>{ward.name}</strong>
            </Text>
          )}
          <Select
            label={t('places:street.label')}
            placeholder={t('places:street.placeholder')}
            required
            searchable
            clearable
            data={(streets.data?.items ?? []).map((s) => s.name)}
            filter={({ options, search }) => options.filter((o) => 'label' in o && matchesSearch(o.label, search))}
            nothingFoundMessage={t('places:street.nothingFound')}
            value={street}
            onChange={setStreet}
            error={missing.street}
            limit={50}
          />
          <TextInput
            label={t('enrol.where.houseNumber')}
            required
            value={houseNumber}
            onChange={nfcInput(setHouseNumber)}
            error={missing.houseNumber}
            autoComplete="off"
          />
          <TextInput
            label={t('enrol.where.alley')}
            description={t('enrol.where.alleyHint')}
            value={alley}
            onChange={nfcInput(setAlley)}
            autoComplete="off"
          />
        </Stack>
      )}

      {current === 'pin' && ward && (
        <Stack>
          {map.error ? <ErrorAlert error={map.error} known={{ 500: t('places:map.loadFailed') }} /> : null}
          {!map.data && !map.error && <PageLoader />}
          {map.data && (
            <PinPicker
              map={map.data}
              wardName={ward.name}
              pin={pin}
              direction={direction}
              onPin={setPin}
              error={missing.pin}
              address={address}
            />
          )}
          <DirectionControls value={direction} onChange={setDirection} />
        </Stack>
      )}

      {current === 'camera' && (
        <form onSubmit={(e) => void enrol(e)} noValidate>
          <Stack>
            <Text size="sm">{t('enrol.camera.help')}</Text>
            <TextInput
              label={t('enrol.camera.label')}
              description={t('enrol.camera.labelHint')}
              required
              value={label}
              onChange={nfcInput(setLabel)}
              error={errors.label}
            />
            <TextInput
              label={t('enrol.camera.host')}
              // An address, not a number: given in code, as the catalogue check wants.
              description={t('enrol.camera.hostHint', { example: '192.168.1.64' })}
              required
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={errors['onvif.host']}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              inputMode="url"
            />
            <NumberInput
              label={t('enrol.camera.port')}
              description={t('enrol.camera.portHint')}
              required
              min={1}
              max={65535}
              allowDecimal={false}
              value={port}
              onChange={setPort}
              error={errors['onvif.port']}
            />
            <TextInput
              label={t('enrol.camera.username')}
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={errors['onvif.username']}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
            />
            <PasswordInput
              label={t('enrol.camera.password')}
              description={t('enrol.camera.passwordHint')}
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors['onvif.password']}
              aria-invalid={!!errors['onvif.password']}
              autoComplete="off"
            />
            {probing && (
              <Group gap="xs" role="status">
                <Loader size="sm" />
                <Text size="sm">{t('enrol.camera.probing')}</Text>
              </Group>
            )}
            {problem ? (
              <Alert color="red" role="alert" variant="light">
                {problem}
              </Alert>
            ) : (
              <ErrorAlert error={error} known={{ 'validation.failed': t('enrol.camera.fixAbove') }} />
            )}
            <Group>
              <Button variant="default" onClick={() => setStep((s) => s - 1)} disabled={probing}>
                {t('enrol.back')}
              </Button>
              <Button type="submit" loading={probing} disabled={!label.trim() || !host.trim() || !username || !password}>
                {t('enrol.camera.connect')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {current === 'snapshot' && camera && (
        <Stack>
          <Alert color="green" variant="light">
            {t('enrol.camera.ok', { model: [camera.device.manufacturer, camera.device.model].filter(Boolean).join(' ') })}
          </Alert>
          <Text>{t('enrol.snapshot.help')}</Text>
          <CameraSnapshotStep cameraId={camera.id} label={camera.label} onNext={() => setStep(STEPS.indexOf('consent'))} />
        </Stack>
      )}

      {current === 'consent' && camera && (
        <Stack>
          <Text>{t('enrol.consent.pendingNote', { label: camera.label })}</Text>
          <Text fw={500}>{t('enrol.consent.next')}</Text>
          <Group>
            <Button component={Link} to={`/cameras/${camera.id}/consent`}>
              {t('enrol.consent.go')}
            </Button>
            <Button component={Link} to="/" variant="default">
              {t('enrol.consent.later')}
            </Button>
          </Group>
        </Stack>
      )}

      {(current === 'where' || current === 'pin') && (
        <Group>
          {step > 0 && (
            <Button variant="default" onClick={() => setStep((s) => s - 1)}>
              {t('enrol.back')}
            </Button>
          )}
          <Button onClick={next} disabled={!ward}>
            {t('enrol.next')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function CameraSnapshotStep({ cameraId, label, onNext }: { cameraId: string; label: string; onNext: () => void }) {
  const { t } = useTranslation('cameras');
  return <Snapshot cameraId={cameraId} label={label} auto actions={<Button onClick={onNext}>{t('enrol.snapshot.looksRight')}</Button>} />;
}
