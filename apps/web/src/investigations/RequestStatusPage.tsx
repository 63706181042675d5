import './investigations.css';
import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { investigationsApi } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { AreaMap } from './AreaMap';
import { outerRing } from './area';
import { StateChip } from './StateChip';

/** While any camera waits, the page asks again this often (a supervisor or an owner may answer any moment). */
export const POLL_MS = 15_000;

/** One footage request: what was asked, and each camera's state, refreshed while something is pending. */
export function RequestStatusPage() {
  const { id = '', requestId = '' } = useParams();
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const location = useLocation();
  const filed = (location.state as { filed?: boolean } | null)?.filed === true;
  const [updatedAt, setUpdatedAt] = useState(() => new Date());
  const request = useLoad(() => investigationsApi.request(requestId).finally(() => setUpdatedAt(new Date())), [requestId]);
  const r = request.data;
  const pending = r?.cameras.some((c) => c.state === 'pending_supervisor' || c.state === 'pending_owner') ?? false;
  const { reload } = request;

  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(timer);
  }, [pending, reload]);

  if (request.error && !r) return <ErrorAlert error={request.error} />;
  if (!r) return <PageLoader />;

  return (
    <Stack maw={860}>
      <Anchor component={Link} to={`/investigations/${id}`} size="sm">
        {t('request.back')}
      </Anchor>
      <PageTitle>{t('request.title', { caseNumber: r.caseNumber })}</PageTitle>
      {filed && (
        <Alert color="green" role="status" variant="light">
          {t('request.filed')}
        </Alert>
      )}
      <dl className="case-facts">
        <dt>{t('request.state')}</dt>
        <dd>
          <StateChip state={r.state} />
        </dd>
        <dt>{t('request.window')}</dt>
        <dd>{t('detail.requests.window', { from: format.dateTime(r.windowFrom), to: format.dateTime(r.windowTo) })}</dd>
        {typeof r.areaKm2 === 'number' && (
          <>
            <dt>{t('request.area')}</dt>
            <dd id="request-area">{t('form.limits.areaValue', { value: format.number(r.areaKm2, 2) })}</dd>
          </>
        )}
        <dt>{t('request.reason')}</dt>
        <dd>{r.reason}</dd>
        <dt>{t('request.legalBasis')}</dt>
        <dd>{r.legalBasis}</dd>
        {r.justification && (
          <>
            <dt>{t('request.justification')}</dt>
            <dd>{r.justification}</dd>
          </>
        )}
        {r.supervisor.decision && (
          <>
            <dt>{t('request.supervisor')}</dt>
            <dd>
              {t(`requestState.${r.supervisor.decision === 'approved' ? 'pending_owner' : 'rejected'}`)}
              {r.supervisor.at ? ` · ${t('request.decidedAt', { when: format.dateTime(r.supervisor.at) })}` : ''}
            </dd>
          </>
        )}
        {r.supervisor.note && (
          <>
            <dt>{t('request.supervisorNote')}</dt>
            <dd>{r.supervisor.note}</dd>
          </>
        )}
        {pending && (
          <>
            <dt>{t('request.expiresAt')}</dt>
            <dd>{format.dateTime(r.expiresAt)}</dd>
          </>
        )}
      </dl>

      {outerRing(r.area) && (
        <AreaMap
          ward={null}
          ring={outerRing(r.area)}
          label={t('form.map')}
          describedBy={typeof r.areaKm2 === 'number' ? 'request-area' : undefined}
        />
      )}

      <section aria-labelledby="cameras-title">
        <Group justify="space-between" wrap="wrap" mb="xs">
          <Title order={2} size="h3" id="cameras-title">
            {t('request.cameras')}
          </Title>
          <Button variant="default" onClick={reload}>
            {t('request.refresh')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed" aria-live="polite">
          {pending ? `${t('request.polling')} ` : ''}
          {t('request.updatedAt', { when: format.time(updatedAt) })}
        </Text>
        <ErrorAlert error={request.error} />
        <List listStyleType="none" spacing="xs" p={0} mt="xs">
          {r.cameras.map((c) => (
            <List.Item key={c.cameraId}>
              <Card withBorder padding="xs" component="article" aria-label={c.label} data-camera={c.cameraId}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div>
                    <Text fw={600}>{c.label}</Text>
                    <Text size="sm" c="dimmed">
                      {t('request.address', { houseNumber: c.houseNumber, street: c.street })}
                    </Text>
                  </div>
                  <StateChip state={c.state} />
                </Group>
                {c.decidedAt && (
                  <Text size="xs" c="dimmed">
                    {t('request.decidedAt', { when: format.dateTime(c.decidedAt) })}
                  </Text>
                )}
                {c.note && <Text size="sm">{c.note}</Text>}
                {c.release?.live && <Text size="xs">{t('request.releaseUntil', { when: format.dateTime(c.release.expiresAt) })}</Text>}
              </Card>
            </List.Item>
          ))}
        </List>
      </section>
    </Stack>
  );
}
