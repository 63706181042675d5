import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi, type AuditFlag } from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { toLocalInput } from '../i18n/zone';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { useLoad } from '../ui/useLoad';
import { AuditEntriesTable, type ConsoleNames } from './AuditEntriesTable';

const DAY_MS = 24 * 3600 * 1000;

/** The count each rule's sentence turns on (its plural form), among the rule's numbers. */
const COUNT_OF: Record<AuditFlag['kind'], string> = {
  search_without_investigation: 'searches',
  download_burst: 'links',
  request_declined_by_owner: 'declined',
  access_refused: 'attempts',
  same_admin_approval: 'approvals',
  repeated_refiling: 'requests',
};

/** Flags of a period (the last seven days at first), each with why it was raised and its entries. */
export function FlagsPanel({ names }: { names: ConsoleNames }) {
  const { t } = useTranslation('audit');
  const format = useFormat();
  const { timeZone } = useSettings();
  // `to` is exclusive and inputs have minutes: the minute after now, so what just happened counts.
  const [period, setPeriod] = useState(() => ({
    from: toLocalInput(Date.now() - 7 * DAY_MS, timeZone),
    to: toLocalInput(Date.now() + 60_000, timeZone),
  }));
  const [draft, setDraft] = useState(period);
  const flags = useLoad(() => auditApi.flags(period.from, period.to), [period.from, period.to]);

  const explain = (flag: AuditFlag) => {
    const params = Object.fromEntries(Object.entries(flag.rule.params).map(([k, v]) => [k, format.number(v)]));
    return t(`console.flags.explain.${flag.kind}`, { ...params, count: flag.rule.params[COUNT_OF[flag.kind]] ?? flag.entryCount });
  };
  const whom = (flag: AuditFlag) => {
    if (flag.investigationId)
      return t('console.flags.case', { caseNumber: names.caseNumber(flag.investigationId) ?? flag.investigationId });
    const named = flag.entries.find((e) => e.actorId === flag.actorId && e.actorName);
    return named ? t('console.flags.person', { name: named.actorName }) : null;
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('console.flags.title')}
      </Title>
      <Text>{t('console.flags.intro')}</Text>
      <Card
        withBorder
        component="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setPeriod(draft);
        }}
      >
        <Group align="flex-end">
          <TextInput
            type="datetime-local"
            label={t('console.filters.from')}
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label={t('console.filters.to')}
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          <Button type="submit">{t('console.flags.show')}</Button>
        </Group>
      </Card>
      <ErrorAlert
        error={flags.error}
        known={{ 'audit.period_too_long': t('console.flags.tooLong'), 'audit.period_reversed': t('console.flags.reversed') }}
      />
      {!flags.data && !flags.error && <PageLoader />}
      {flags.data && flags.data.items.length === 0 && <Text c="dimmed">{t('console.flags.none')}</Text>}
      {flags.data?.items.map((flag, i) => (
        <Card
          withBorder
          key={`${flag.kind}-${flag.actorId ?? flag.investigationId ?? i}`}
          component="article"
          aria-labelledby={`flag-${i}`}
        >
          <Stack gap="xs">
            <Title order={3} size="h4" id={`flag-${i}`}>
              {t(`console.flags.kind.${flag.kind}`)}
            </Title>
            <Text>{explain(flag)}</Text>
            <Text size="sm" c="dimmed">
              {[whom(flag), t('console.flags.between', { first: format.dateTime(flag.firstAt), last: format.dateTime(flag.lastAt) })]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            <AuditEntriesTable entries={flag.entries} names={names} caption={t('console.flags.entries', { count: flag.entryCount })} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
