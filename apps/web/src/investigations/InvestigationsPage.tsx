import './investigations.css';
import { Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../accounts/session';
import { investigationsApi, type InvestigationSummary, type RequestCounts } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

const COUNTS: (keyof Omit<RequestCounts, 'total'>)[] = [
  'pendingSupervisor',
  'pendingOwner',
  'released',
  'partiallyReleased',
  'declined',
  'expired',
  'cancelled',
];

/** My investigations (an officer's, or all a supervisor may see), open first, with each request state's count. */
export function InvestigationsPage() {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const user = useUser();
  const list = useLoad(() => investigationsApi.list(), []);
  const items = [...(list.data?.items ?? [])].sort((a, b) =>
    a.status === b.status ? b.openedAt.localeCompare(a.openedAt) : a.status === 'open' ? -1 : 1,
  );

  return (
    <Stack maw={860}>
      <Group justify="space-between" wrap="wrap">
        <PageTitle>{t('list.title')}</PageTitle>
        {user.role === 'officer' && (
          <Button component={Link} to="/investigations/new">
            {t('list.new')}
          </Button>
        )}
      </Group>
      <Text>{t('list.intro')}</Text>
      <ErrorAlert error={list.error} />
      {!list.data && !list.error && <PageLoader />}
      {list.data && items.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      <List listStyleType="none" spacing="sm" p={0}>
        {items.map((item) => (
          <List.Item key={item.id}>
            <InvestigationCard item={item} openedAt={format.dateTime(item.openedAt)} />
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function InvestigationCard({ item, openedAt }: { item: InvestigationSummary; openedAt: string }) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const counts = item.requests;
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={`investigation-${item.id}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id={`investigation-${item.id}`}>
          <Anchor component={Link} to={`/investigations/${item.id}`}>
            {t('list.case', { caseNumber: item.caseNumber })}
          </Anchor>
        </Title>
        <Text fw={700} size="sm" className="status-text">
          {t(`status.${item.status}`)}
        </Text>
      </Group>
      <Text>{item.title}</Text>
      <Text size="sm" c="dimmed">
        {item.lead ? `${t('list.lead', { name: item.lead.displayName })} · ` : ''}
        {t('list.openedAt', { when: openedAt })}
      </Text>
      {counts && counts.total === 0 && (
        <Text size="sm" mt="xs">
          {t('list.noRequests')}
        </Text>
      )}
      {counts && counts.total > 0 && (
        <dl className="request-counts" aria-label={t('list.requestsLabel')}>
          <div>
            <dt>{t('list.counts.total')}</dt>
            <dd>{format.number(counts.total)}</dd>
          </div>
          {COUNTS.filter((key) => counts[key] > 0).map((key) => (
            <div key={key}>
              <dt>{t(`list.counts.${key}`)}</dt>
              <dd>{format.number(counts[key])}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
