import './cameras.css';
import { Alert, Anchor, Button, Group, List, Loader, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type Camera, camerasApi, placesApi, type RemovalPreview } from '../api';
import { useFormat } from '../i18n/format';
import { DirectionControls, DirectionSummary } from '../places/DirectionControls';
import { useCoordinate } from '../places/format';
import { toLatLngs, type Position, type ViewDirection } from '../places/geometry';
import { PinPicker } from '../places/PinPicker';
import { type LatLon, WardMap } from '../places/WardMap';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { nfc, nfcInput } from '../ui/text';
import { addressLine, consentWords, enrolmentProblem, healthWords } from './messages';
import { Snapshot } from './Snapshot';
import { useLoad } from '../ui/useLoad';

const DEFAULT_DIRECTION: ViewDirection = { azimuthDeg: 90, fieldOfViewDeg: 90, rangeM: 30 };

/**
 * One of the resident's cameras: where it is (map with its cone, and the same in words), its
 * health and sharing in plain words, a picture on request, the pages about its consent, footage
 * and access log, editing (label, position, direction) and removal, which first says what happens
 * to the footage.
 */
export function CameraPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['cameras', 'places']);
  const loaded = useLoad(() => camerasApi.get(id), [id]);
  const [changed, setChanged] = useState<Camera | null>(null);
  const camera = changed ?? loaded.data?.camera ?? null;

  if (loaded.error) {
    const notYours = loaded.error instanceof ApiError && (loaded.error.status === 403 || loaded.error.status === 404);
    return (
      <Stack>
        <PageTitle>{t('detail.loadFailed')}</PageTitle>
        {notYours ? <Text>{t('detail.notYours')}</Text> : <ErrorAlert error={loaded.error} />}
        <Anchor component={Link} to="/">
          {t('home.title')}
        </Anchor>
      </Stack>
    );
  }
  if (!camera) return <PageLoader />;
  return <CameraDetail camera={camera} onChanged={setChanged} />;
}

function CameraDetail({ camera, onChanged }: { camera: Camera; onChanged: (camera: Camera) => void }) {
  const { t } = useTranslation(['cameras', 'places']);
  const format = useFormat();
  const coordinate = useCoordinate();
  const textId = useId();
  const wards = useLoad(() => placesApi.wards(), []);
  const ward = wards.data?.items.find((w) => w.code === camera.address.ward?.code) ?? null;
  const map = useLoad(() => (ward ? placesApi.map(ward.id) : Promise.resolve(null)), [ward?.id]);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const cone = useMemo(() => (camera.viewCone ? toLatLngs(camera.viewCone.coordinates[0] as Position[]) : null), [camera.viewCone]);
  const pin = useMemo(() => ({ latitude: camera.latitude, longitude: camera.longitude }), [camera.latitude, camera.longitude]);
  const wardName = camera.address.ward?.name ?? '';

  return (
    <Stack>
      <PageTitle>{camera.label}</PageTitle>
      <dl className="facts">
        <dt>{t('camera.sharing')}</dt>
        <dd>{consentWords(t, camera)}</dd>
        <dt>{t('camera.health')}</dt>
        <dd>{healthWords(t, camera)}</dd>
        <dt>{t('detail.lastProbed')}</dt>
        <dd>{format.dateTime(camera.lastProbedAt)}</dd>
        <dt>{t('camera.enrolledOn')}</dt>
        <dd>{format.date(camera.createdAt)}</dd>
      </dl>

      <section aria-labelledby="camera-pages">
        <Title order={2} size="h4" id="camera-pages" mb="xs">
          {t('detail.pagesTitle')}
        </Title>
        <List spacing="xs">
          <List.Item>
            <Anchor component={Link} to={`/cameras/${camera.id}/consent`}>
              {t('detail.consent')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to={`/cameras/${camera.id}/footage`}>
              {t('detail.footage')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to={`/cameras/${camera.id}/access-log`}>
              {t('detail.accessLog')}
            </Anchor>
          </List.Item>
        </List>
      </section>

      <section aria-labelledby="camera-where">
        <Title order={2} size="h4" id="camera-where" mb="xs">
          {t('detail.whereTitle')}
        </Title>
        {saved && !editing && (
          <Alert color="green" variant="light" role="status" mb="xs">
            {t('detail.saved')}
          </Alert>
        )}
        {editing && map.data ? (
          <EditCamera
            camera={camera}
            map={map.data}
            wardName={wardName}
            onDone={(updated) => {
              setEditing(false);
              if (updated) {
                onChanged(updated);
                setSaved(true);
              }
            }}
          />
        ) : (
          <Stack gap="xs">
            <div id={textId}>
              <Text>
                {addressLine(camera)}
                {wardName ? `, ${wardName}` : ''}
              </Text>
              <Text size="sm">
                {t('detail.coordinates', { latitude: coordinate(camera.latitude), longitude: coordinate(camera.longitude) })}
              </Text>
              <DirectionSummary direction={camera.direction} />
            </div>
            {map.error ? <ErrorAlert error={map.error} known={{ 500: t('places:map.loadFailed') }} /> : null}
            {map.data && (
              <WardMap map={map.data} label={t('places:map.label', { ward: wardName })} describedBy={textId} pin={pin} cone={cone} />
            )}
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
                disabled={!map.data || camera.lifecycle === 'withdrawn'}
              >
                {t('detail.editTitle')}
              </Button>
            </Group>
          </Stack>
        )}
      </section>

      <section aria-labelledby="camera-snapshot">
        <Title order={2} size="h4" id="camera-snapshot" mb="xs">
          {t('detail.snapshotTitle')}
        </Title>
        <Text size="sm" mb="xs">
          {t('detail.snapshotHelp')}
        </Text>
        <Snapshot cameraId={camera.id} label={camera.label} />
      </section>

      <RemoveCamera camera={camera} />
    </Stack>
  );
}

function EditCamera({
  camera,
  map,
  wardName,
  onDone,
}: {
  camera: Camera;
  map: NonNullable<Parameters<typeof PinPicker>[0]['map']>;
  wardName: string;
  onDone: (updated: Camera | null) => void;
}) {
  const { t } = useTranslation(['cameras', 'places']);
  const [label, setLabel] = useState(camera.label);
  const [pin, setPin] = useState<LatLon>({ latitude: camera.latitude, longitude: camera.longitude });
  const [direction, setDirection] = useState<ViewDirection>(camera.direction ?? DEFAULT_DIRECTION);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await camerasApi.update(camera.id, { label: nfc(label).trim(), latitude: pin.latitude, longitude: pin.longitude, direction }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const problem = enrolmentProblem(t, error);

  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <Stack>
        <Text size="sm">{t('detail.editHelp')}</Text>
        <TextInput label={t('enrol.camera.label')} required value={label} onChange={nfcInput(setLabel)} />
        <PinPicker map={map} wardName={wardName} pin={pin} direction={direction} onPin={setPin} address={addressLine(camera)} />
        <DirectionControls value={direction} onChange={setDirection} />
        {problem ? (
          <Alert color="red" role="alert" variant="light">
            {problem}
          </Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
        <Group>
          <Button variant="default" onClick={() => onDone(null)} disabled={busy}>
            {t('detail.cancelEdit')}
          </Button>
          <Button type="submit" loading={busy} disabled={!label.trim()}>
            {t('detail.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveCamera({ camera }: { camera: Camera }) {
  const { t } = useTranslation('cameras');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<RemovalPreview | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const ask = () => {
    setOpen(true);
    setPreview(undefined);
    setError(null);
    camerasApi.removalPreview(camera.id).then(setPreview, setError);
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await camerasApi.remove(camera.id);
      await navigate('/', { state: { removed: camera.label } });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const consented = preview ? preview.consentState !== null && preview.consentState !== 'withdrawn' : false;
  return (
    <section aria-labelledby="camera-remove">
      <Title order={2} size="h4" id="camera-remove" mb="xs">
        {t('detail.removeTitle')}
      </Title>
      <Text size="sm" mb="xs">
        {t('detail.removeHelp')}
      </Text>
      <Button color="red" variant="outline" onClick={ask}>
        {t('detail.remove')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('detail.removeConfirmTitle', { label: camera.label })}
        closeButtonProps={{ 'aria-label': t('detail.close') }}
        centered
      >
        <Stack>
          {preview === undefined && !error && (
            <Group gap="xs" role="status">
              <Loader size="sm" />
              <Text size="sm">{t('detail.removeLoading')}</Text>
            </Group>
          )}
          {preview !== undefined && (
            <>
              <Text fw={500}>{t('detail.removeWhat')}</Text>
              <List spacing="xs">
                <List.Item>{consented ? t('detail.removeConsent') : t('detail.removePending')}</List.Item>
                <List.Item>
                  {preview && preview.clipsDeleted > 0
                    ? t('detail.removeClipsDeleted', { count: preview.clipsDeleted })
                    : t('detail.removeNoClips')}
                </List.Item>
                {preview && preview.clipsKeptOnHold > 0 && (
                  <List.Item>{t('detail.removeClipsHeld', { count: preview.clipsKeptOnHold })}</List.Item>
                )}
                {preview && preview.pendingRequests > 0 && (
                  <List.Item>{t('detail.removeRequests', { count: preview.pendingRequests })}</List.Item>
                )}
              </List>
            </>
          )}
          <ErrorAlert error={error} known={{ 500: t('detail.removeFailed') }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
              {t('detail.cancel')}
            </Button>
            <Button color="red" onClick={() => void remove()} loading={busy} disabled={preview === undefined && !error}>
              {t('detail.removeConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </section>
  );
}
