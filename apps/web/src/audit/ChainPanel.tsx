import { Alert, Button, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi, type VerificationRun } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';

const POLL_MS = 500;

/** Verifies the whole hash chain in the background, with a progress bar, until it is intact or broken. */
export function ChainPanel() {
  const { t } = useTranslation('audit');
  const format = useFormat();
  const [run, setRun] = useState<VerificationRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);

  const runId = run?.id;
  const running = run?.state === 'running';
  useEffect(() => {
    if (!runId || !running) return;
    let live = true;
    const timer = setTimeout(() => {
      auditApi.verification(runId).then(
        (r) => live && setRun(r),
        (e: unknown) => live && setError(e),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [runId, running, run]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      setRun(await auditApi.startVerification());
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  const fraction = run && run.total > 0 ? run.checked / run.total : run?.state === 'ok' ? 1 : 0;
  return (
    <Stack maw={760}>
      <Title order={2} size="h3">
        {t('console.chain.title')}
      </Title>
      <Text>{t('console.chain.intro')}</Text>
      <Button onClick={() => void start()} loading={starting} disabled={running} w="fit-content">
        {t('console.chain.verify')}
      </Button>
      <ErrorAlert error={error} />
      {run && (
        <Stack gap="xs">
          <Progress value={fraction * 100} size="lg" aria-label={t('console.chain.progressLabel')} animated={running} />
          <Text aria-live="polite">
            {t('console.chain.progress', {
              checked: format.number(run.checked),
              total: format.number(run.total),
              percent: format.percent(fraction),
            })}
          </Text>
          {run.state === 'ok' && (
            <Alert color="green" role="status">
              <Text fw={700}>{t('console.chain.ok')}</Text>
              {t('console.chain.okDetail', { count: run.checked, entries: format.number(run.checked), seq: run.headSeq ?? '' })}
              <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {run.headHash}
              </Text>
            </Alert>
          )}
          {run.state === 'broken' && run.firstBroken && (
            <Alert color="red" role="alert">
              <Text fw={700}>{t('console.chain.broken')}</Text>
              {t('console.chain.brokenDetail', { seq: run.firstBroken.seq })}
              <Text size="sm">{run.firstBroken.reason}</Text>
            </Alert>
          )}
          {run.state === 'interrupted' && (
            <Alert color="orange" role="alert">
              {t('console.chain.interrupted')}
            </Alert>
          )}
          {run.finishedAt && (
            <Text size="sm" c="dimmed">
              {t('console.chain.finished', { at: format.dateTime(run.finishedAt) })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
