import { Alert, Button, Card, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { requestsApi, type OwnerRequest } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

const keyOf = (r: OwnerRequest) => `${r.requestId}/${r.camera.id}`;

/**
 * Police requests for my footage that a supervisor let through: what waits for my answer first
 * (case, reason, legal basis, window, camera, until when I can answer), then what I answered.
 * Declining is one tap; approving says first what it releases.
 */
export function RequestsPage() {
  const { t } = useTranslation('requests');
  const format = useFormat();
  const waiting = useLoad(() => requestsApi.inbox('pending_owner'), []);
  const all = useLoad(() => requestsApi.inbox(), []);
  const [confirming, setConfirming] = useState<OwnerRequest | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const decide = async (request: OwnerRequest, decision: 'approve' | 'decline') => {
    setBusy(`${keyOf(request)}/${decision}`);
    setError(null);
    setDone(null);
    try {
      await requestsApi.decide(request.requestId, request.camera.id, decision);
      setDone(
        decision === 'approve'
          ? t('done.approved', { caseNumber: request.caseNumber })
          : t('done.declined', { caseNumber: request.caseNumber }),
      );
      setConfirming(null);
      waiting.reload();
      all.reload();
    } catch (e) {
      setError(e);
      setConfirming(null);
    } finally {
      setBusy(null);
    }
  };

  const answered = (all.data?.items ?? []).filter((r) => r.state !== 'pending_owner' && r.state !== 'pending_supervisor');
  const window = (r: OwnerRequest) => t('window', { from: format.dateTime(r.windowFrom), to: format.dateTime(r.windowTo) });

  return (
    <Stack maw={760}>
      <PageTitle>{t('title')}</PageTitle>
      <Text>{t('intro')}</Text>
      <div aria-live="polite">
        {done && (
          <Alert color="green" role="status" variant="light">
            {done}
          </Alert>
        )}
      </div>
      <ErrorAlert error={error} known={{ 409: t('errors.conflict'), 404: t('errors.gone') }} />

      <section aria-labelledby="waiting-title">
        <Title order={2} size="h3" id="waiting-title" mb="xs">
          {t('waiting.title')}
        </Title>
        {waiting.error ? <ErrorAlert error={waiting.error} /> : null}
        {!waiting.data && !waiting.error && <PageLoader />}
        {waiting.data && waiting.data.items.length === 0 && <Text c="dimmed">{t('waiting.empty')}</Text>}
        <List listStyleType="none" spacing="sm" p={0}>
          {waiting.data?.items.map((r) => (
            <List.Item key={keyOf(r)}>
              <Card withBorder padding="sm" component="article" aria-labelledby={`request-${keyOf(r)}`}>
                <Title order={3} size="h4" id={`request-${keyOf(r)}`}>
                  {t('case', { caseNumber: r.caseNumber })}
                </Title>
                <dl className="access-log-facts">
                  <dt>{t('facts.camera')}</dt>
                  <dd>
                    <Link to={`/cameras/${r.camera.id}/footage`}>{r.camera.label}</Link>
                  </dd>
                  <dt>{t('facts.window')}</dt>
                  <dd>{window(r)}</dd>
                  <dt>{t('facts.reason')}</dt>
                  <dd>{r.reason}</dd>
                  <dt>{t('facts.legalBasis')}</dt>
                  <dd>{r.legalBasis}</dd>
                  <dt>{t('facts.requestedAt')}</dt>
                  <dd>{format.dateTime(r.requestedAt)}</dd>
                  <dt>{t('facts.answerBy')}</dt>
                  <dd>{format.dateTime(r.expiresAt)}</dd>
                </dl>
                <Group mt="sm" gap="sm">
                  <Button onClick={() => setConfirming(r)}>{t('approve')}</Button>
                  <Button variant="default" loading={busy === `${keyOf(r)}/decline`} onClick={() => void decide(r, 'decline')}>
                    {t('decline')}
                  </Button>
                </Group>
              </Card>
            </List.Item>
          ))}
        </List>
      </section>

      <section aria-labelledby="answered-title">
        <Title order={2} size="h3" id="answered-title" mb="xs">
          {t('answered.title')}
        </Title>
        {all.error ? <ErrorAlert error={all.error} /> : null}
        {all.data && answered.length === 0 && <Text c="dimmed">{t('answered.empty')}</Text>}
        <List listStyleType="none" spacing="xs" p={0}>
          {answered.map((r) => (
            <List.Item key={keyOf(r)}>
              <Card withBorder padding="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600}>{t('case', { caseNumber: r.caseNumber })}</Text>
                  <Text fw={700} size="sm" className="status-text">
                    {t(`state.${r.state}`)}
                  </Text>
                </Group>
                <Text size="sm">
                  {r.camera.label} · {window(r)}
                </Text>
                {r.decidedAt && (
                  <Text size="xs" c="dimmed">
                    {t('decidedAt', { when: format.dateTime(r.decidedAt) })}
                  </Text>
                )}
              </Card>
            </List.Item>
          ))}
        </List>
      </section>

      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('confirm.title')}
        centered
        closeButtonProps={{ 'aria-label': t('confirm.cancel') }}
        // No fade: the question is readable (and checkable) the moment it opens.
        transitionProps={{ duration: 0 }}
      >
        {confirming && (
          <Stack>
            <Text>
              {t('confirm.body', { camera: confirming.camera.label, window: window(confirming), caseNumber: confirming.caseNumber })}
            </Text>
            <Text size="sm">{t('confirm.after')}</Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('confirm.cancel')}
              </Button>
              <Button loading={busy === `${keyOf(confirming)}/approve`} onClick={() => void decide(confirming, 'approve')}>
                {t('confirm.approve')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
