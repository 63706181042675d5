import './investigations.css';
import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, investigationsApi, type FootageRequest, type RequestCamera } from '../api';
import { useFormat } from '../i18n/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { AreaMap, type AreaMapMarker } from './AreaMap';
import { outerRing } from './area';
import { CAMERA_STATE_STYLE, limitsKey, windowLength } from './review';
import { StateChip } from './StateChip';

/** A reason a supervisor writes (rejecting, revoking): at least this many characters, as the API asks. */
export const REASON_MIN_CHARS = 10;
const REASON_MAX_CHARS = 1000;

/**
 * One request as a supervisor decides it (/approvals/:requestId): the area on the map with the
 * cameras it touches (their state in colour and in words), the window, the investigation, who asked,
 * why and on what legal basis, the justification of a request beyond the limits; approve, or reject
 * with a reason; and, per camera with a live release, revoke that release with a reason.
 */
export function ApprovalPage() {
  const { requestId = '' } = useParams();
  const { t } = useTranslation(['review', 'investigations']);
  const format = useFormat();
  const request = useLoad(() => investigationsApi.request(requestId), [requestId]);
  const [current, setCurrent] = useState<FootageRequest | null>(null);
  const r = current?.id === requestId ? current : request.data;

  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [decisionError, setDecisionError] = useState<unknown>(null);
  const [justDecided, setJustDecided] = useState<'approved' | 'rejected' | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState('');
  const [rejectTouched, setRejectTouched] = useState(false);
  const [revoking, setRevoking] = useState<RequestCamera | null>(null);
  const [revokeReason, setRevokeReason] = useState('');
  const [revokeTouched, setRevokeTouched] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [revoked, setRevoked] = useState<string | null>(null);

  const markers = useMemo<AreaMapMarker[]>(
    () =>
      (r?.cameras ?? []).map((c) => ({
        id: c.cameraId,
        latitude: c.latitude,
        longitude: c.longitude,
        text: t('detail.markerText', { label: c.label, state: t(`investigations:requestState.${c.state}`) }),
        ...CAMERA_STATE_STYLE[c.state],
      })),
    [r, t],
  );
  const ring = useMemo(() => outerRing(r?.area ?? null), [r]);

  if (request.error && !r) return <ErrorAlert error={request.error} />;
  if (!r) return <PageLoader />;

  const errorWords = {
    'footage_request.rejection_reason_required': t('errors.reasonRequired'),
    'footage_request.decided_by_other_supervisor': t('errors.otherSupervisor'),
    'footage_request.not_pending': t('errors.notPending'),
    'footage_request.expired': t('errors.expired'),
    'release.ended': t('errors.releaseEnded'),
    'validation.failed': t('errors.tooShort'),
  };
  const refresh = async () => setCurrent(await investigationsApi.request(requestId));

  const decide = async (decision: 'approve' | 'reject', text: string) => {
    setBusy(true);
    setDecisionError(null);
    try {
      setCurrent(await investigationsApi.decide(requestId, decision, text.trim() || undefined));
      setJustDecided(decision === 'approve' ? 'approved' : 'rejected');
      setRejecting(false);
    } catch (error) {
      setDecisionError(error);
      if (error instanceof ApiError && (error.code === 'footage_request.not_pending' || error.code === 'footage_request.expired')) {
        setRejecting(false);
        await refresh().catch(() => undefined);
      }
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking?.release) return;
    setRevokeTouched(true);
    if (revokeReason.trim().length < REASON_MIN_CHARS) return;
    setBusy(true);
    setRevokeError(null);
    try {
      await investigationsApi.revokeRelease(revoking.release.id, revokeReason.trim());
      setRevoked(revoking.label);
      setRevoking(null);
      await refresh();
    } catch (error) {
      setRevokeError(error);
    } finally {
      setBusy(false);
    }
  };

  const pending = r.state === 'pending_supervisor';
  const beyond = limitsKey(r.exceedsLimits);
  const length = windowLength(r.windowFrom, r.windowTo);
  const rejectShort = rejectReason.trim().length < REASON_MIN_CHARS;
  const revokeShort = revokeReason.trim().length < REASON_MIN_CHARS;

  return (
    <Stack maw={960}>
      <Anchor component={Link} to="/approvals" size="sm">
        {t('detail.back')}
      </Anchor>
      <PageTitle>{t('detail.title', { caseNumber: r.caseNumber })}</PageTitle>

      {justDecided && (
        <Alert color={justDecided === 'approved' ? 'green' : 'gray'} role="status" variant="light">
          {t(`detail.justDecided.${justDecided}`)}
        </Alert>
      )}
      {revoked && (
        <Alert color="gray" role="status" variant="light">
          {t('revokeDialog.done', { label: revoked })}
        </Alert>
      )}

      {beyond && (
        <Alert color="orange" variant="light">
          <Text fw={700}>{t('detail.beyondTitle', { limits: t(`limits.${beyond}`) })}</Text>
          {r.justification && (
            <>
              <Text fw={600} size="sm" mt="xs">
                {t('detail.justification')}
              </Text>
              <Text component="blockquote" m={0} data-testid="justification">
                {r.justification}
              </Text>
            </>
          )}
        </Alert>
      )}

      <dl className="case-facts">
        <dt>{t('detail.state')}</dt>
        <dd>
          <StateChip state={r.state} />
        </dd>
        <dt>{t('detail.investigation')}</dt>
        <dd>
          <Anchor component={Link} to={`/investigations/${r.investigationId}`}>
            {t('detail.openInvestigation', { caseNumber: r.caseNumber })}
          </Anchor>
        </dd>
        <dt>{t('detail.requester')}</dt>
        <dd>
          {r.requester.displayName} · {format.dateTime(r.createdAt)}
        </dd>
        <dt>{t('detail.reason')}</dt>
        <dd>{r.reason}</dd>
        <dt>{t('detail.legalBasis')}</dt>
        <dd>{r.legalBasis}</dd>
        <dt>{t('detail.window')}</dt>
        <dd data-testid="request-window">
          {t('window.range', { from: format.dateTime(r.windowFrom), to: format.dateTime(r.windowTo) })} (
          {t('window.duration', { hours: format.number(length.hours), minutes: format.number(length.minutes) })})
        </dd>
        {typeof r.areaKm2 === 'number' && (
          <>
            <dt>{t('detail.area')}</dt>
            <dd>{t('areaValue', { value: format.number(r.areaKm2, r.areaKm2 < 0.1 ? 3 : 2) })}</dd>
          </>
        )}
        {pending && (
          <>
            <dt>{t('detail.expiresAt')}</dt>
            <dd>{format.dateTime(r.expiresAt)}</dd>
          </>
        )}
      </dl>

      <section aria-labelledby="map-title">
        <Title order={2} size="h3" id="map-title" mb="xs">
          {t('detail.map')}
        </Title>
        <Text size="sm" id="map-words" mb="xs">
          {t('detail.mapWords')}
        </Text>
        <AreaMap ward={null} ring={ring} markers={markers} label={t('detail.map')} describedBy="map-words" />
      </section>

      <section aria-labelledby="decision-title">
        <Title order={2} size="h3" id="decision-title" mb="xs">
          {t('detail.decisionTitle')}
        </Title>
        {r.supervisor.decision ? (
          <Card withBorder padding="sm" data-testid="supervisor-decision">
            <Text fw={600}>
              {t('detail.decidedBy', {
                decision: t(`decision.${r.supervisor.decision}`),
                name: r.supervisor.byName ?? '',
                when: r.supervisor.at ? format.dateTime(r.supervisor.at) : '',
              })}
            </Text>
            {r.supervisor.note && <Text size="sm">{t('detail.decidedNote', { note: r.supervisor.note })}</Text>}
          </Card>
        ) : pending ? (
          <Stack gap="xs">
            <Textarea
              label={t('detail.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              maxLength={REASON_MAX_CHARS}
              autosize
              minRows={2}
            />
            <Group gap="sm">
              <Button loading={busy && !rejecting} onClick={() => void decide('approve', note)}>
                {t('detail.approve')}
              </Button>
              <Button
                color="red"
                variant="outline"
                onClick={() => {
                  setRejectReason(note);
                  setRejectTouched(false);
                  setDecisionError(null);
                  setRejecting(true);
                }}
              >
                {t('detail.reject')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Text>{t('detail.notPending')}</Text>
        )}
        {!rejecting && <ErrorAlert error={decisionError} known={errorWords} />}
      </section>

      <section aria-labelledby="cameras-title">
        <Title order={2} size="h3" id="cameras-title" mb="xs">
          {t('detail.cameras')}
        </Title>
        <List listStyleType="none" spacing="xs" p={0}>
          {r.cameras.map((c) => (
            <List.Item key={c.cameraId}>
              <Card withBorder padding="xs" component="article" aria-label={c.label} data-camera={c.cameraId}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div>
                    <Text fw={600}>{c.label}</Text>
                    <Text size="sm" c="dimmed">
                      {t('detail.address', { houseNumber: c.houseNumber, street: c.street })}
                    </Text>
                  </div>
                  <StateChip state={c.state} />
                </Group>
                {c.note && <Text size="sm">{c.note}</Text>}
                {c.release?.live && (
                  <Group justify="space-between" wrap="wrap" gap="xs" mt={4}>
                    <Text size="sm">{t('detail.releaseLive', { when: format.dateTime(c.release.expiresAt) })}</Text>
                    <Button
                      size="xs"
                      color="red"
                      variant="outline"
                      onClick={() => {
                        setRevokeReason('');
                        setRevokeTouched(false);
                        setRevokeError(null);
                        setRevoking(c);
                      }}
                    >
                      {t('detail.revoke', { label: c.label })}
                    </Button>
                  </Group>
                )}
                {c.release && !c.release.live && (
                  <Text size="sm">
                    {c.release.revokedAt
                      ? t('detail.releaseRevoked', { when: format.dateTime(c.release.revokedAt) })
                      : t('detail.releaseExpired', { when: format.dateTime(c.release.expiresAt) })}
                  </Text>
                )}
              </Card>
            </List.Item>
          ))}
        </List>
      </section>

      <ConfirmDialog
        opened={rejecting}
        title={t('rejectDialog.title')}
        body={t('rejectDialog.body')}
        confirm={t('rejectDialog.confirm')}
        cancel={t('rejectDialog.cancel')}
        color="red"
        busy={busy}
        onClose={() => setRejecting(false)}
        onConfirm={() => {
          setRejectTouched(true);
          if (!rejectShort) void decide('reject', rejectReason);
        }}
      >
        <Textarea
          label={t('rejectDialog.reason')}
          description={t('rejectDialog.reasonHint')}
          value={rejectReason}
          onChange={(e) => setRejectReason(e.currentTarget.value)}
          error={rejectTouched && rejectShort ? t('rejectDialog.tooShort', { count: rejectReason.trim().length }) : undefined}
          maxLength={REASON_MAX_CHARS}
          required
          autosize
          minRows={3}
          data-autofocus
        />
        <ErrorAlert error={decisionError} known={errorWords} />
      </ConfirmDialog>

      <ConfirmDialog
        opened={revoking !== null}
        title={t('revokeDialog.title', { label: revoking?.label ?? '' })}
        body={t('revokeDialog.body')}
        confirm={t('revokeDialog.confirm')}
        cancel={t('revokeDialog.cancel')}
        color="red"
        busy={busy}
        onClose={() => setRevoking(null)}
        onConfirm={() => void revoke()}
      >
        <Textarea
          label={t('revokeDialog.reason')}
          description={t('revokeDialog.reasonHint')}
          value={revokeReason}
          onChange={(e) => setRevokeReason(e.currentTarget.value)}
          error={revokeTouched && revokeShort ? t('rejectDialog.tooShort', { count: revokeReason.trim().length }) : undefined}
          maxLength={REASON_MAX_CHARS}
          required
          autosize
          minRows={3}
          data-autofocus
        />
        <ErrorAlert error={revokeError} known={errorWords} />
      </ConfirmDialog>
    </Stack>
  );
}
