import './investigations.css';
import { Anchor, Card, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { investigationsApi, type FootageRequestSummary } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { StateChip } from './StateChip';
import { isQueueFilter, limitsKey, QUEUE_FILTERS, queueOrder, windowLength, type QueueFilter } from './review';

/**
 * The supervisors' approval queue (/approvals): the requests waiting for a supervisor first, each
 * with its case, reason, legal basis, window in the ward's time, cameras, area, and the mark and
 * justification of a request beyond the default limits; the decided ones (approved, rejected) and
 * all of them a filter away (kept in the address, so the back button returns to the same list).
 */
export function ApprovalQueuePage() {
  const { t } = useTranslation('review');
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const shown = params.get('show');
  const filter: QueueFilter = isQueueFilter(shown) ? shown : 'pending';
  const list = useLoad(() => investigationsApi.allRequests(filter === 'all' ? {} : { decision: filter }), [filter]);
  const items = queueOrder(list.data?.items ?? []);

  return (
    <Stack maw={960}>
      <PageTitle>{t('queue.title')}</PageTitle>
      <Text>{t('queue.intro')}</Text>
      <div role="group" aria-labelledby="queue-show">
        <Text id="queue-show" size="sm" fw={600} mb={4}>
          {t('queue.show')}
        </Text>
        <SegmentedControl
          fullWidth
          orientation="horizontal"
          value={filter}
          onChange={(value) => setParams(value === 'pending' ? {} : { show: value }, { replace: true })}
          data={QUEUE_FILTERS.map((value) => ({ value, label: t(`queue.filter.${value}`) }))}
          styles={{ label: { whiteSpace: 'normal' } }}
        />
      </div>
      <ErrorAlert error={list.error} />
      {!list.data && !list.error && <PageLoader />}
      {list.data && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {items.length === 0 ? t(`queue.empty.${filter}`) : t('queue.count', { count: items.length })}
        </Text>
      )}
      <List listStyleType="none" spacing="sm" p={0}>
        {items.map((item) => (
          <List.Item key={item.id}>
            <QueueCard item={item} format={format} />
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function QueueCard({ item, format }: { item: FootageRequestSummary; format: ReturnType<typeof useFormat> }) {
  const { t } = useTranslation('review');
  const beyond = limitsKey(item.exceedsLimits);
  const length = windowLength(item.windowFrom, item.windowTo);
  const titleId = `request-${item.id}`;
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={titleId} data-request={item.id}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id={titleId}>
          <Anchor component={Link} to={`/approvals/${item.id}`}>
            {t('queue.open', { caseNumber: item.caseNumber })}
          </Anchor>
        </Title>
        <StateChip state={item.state} />
      </Group>
      {beyond && (
        <Text size="sm" fw={700} mt={4} className="beyond-limits">
          <span aria-hidden="true">⚠ </span>
          {t('queue.beyondLimits')}: {t(`limits.${beyond}`)}
        </Text>
      )}
      <dl className="case-facts queue-facts">
        <dt>{t('queue.reason')}</dt>
        <dd>{item.reason}</dd>
        <dt>{t('queue.legalBasis')}</dt>
        <dd>{item.legalBasis}</dd>
        <dt>{t('queue.window')}</dt>
        <dd>
          {t('window.range', { from: format.dateTime(item.windowFrom), to: format.dateTime(item.windowTo) })} (
          {t('window.duration', { hours: format.number(length.hours), minutes: format.number(length.minutes) })})
        </dd>
        <dt>{t('queue.cameras')}</dt>
        <dd>{t('queue.cameraCount', { count: item.cameraCount })}</dd>
        {typeof item.areaKm2 === 'number' && (
          <>
            <dt>{t('queue.area')}</dt>
            <dd>{t('areaValue', { value: format.number(item.areaKm2, item.areaKm2 < 0.1 ? 3 : 2) })}</dd>
          </>
        )}
        <dt>{t('queue.requester')}</dt>
        <dd>
          {item.requester.displayName} · {format.dateTime(item.createdAt)}
        </dd>
        {item.supervisorDecision && (
          <>
            <dt>{t('queue.decided')}</dt>
            <dd data-decision={item.supervisorDecision}>
              {t(`decision.${item.supervisorDecision}`)}
              {item.supervisorDecidedAt ? ` · ${format.dateTime(item.supervisorDecidedAt)}` : ''}
            </dd>
          </>
        )}
        {item.justification && (
          <>
            <dt>{t('queue.justification')}</dt>
            <dd>{item.justification}</dd>
          </>
        )}
      </dl>
    </Card>
  );
}
