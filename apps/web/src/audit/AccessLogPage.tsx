import { Badge, Button, Card, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { accessLogApi, consentApi, type AccessLogEntry } from '../api';
import { CameraPortalNav } from '../consent/CameraPortalNav';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

/** Actions by the police or the system, as opposed to the owner's own changes. */
const POLICE_ACTIONS = /^(search|footage_request|footage\.|link|evidence)/;

/**
 * Who saw my footage: every search that found the camera, every release, viewing, download and
 * export, with who (name and role), when (ward time), why (the case number) and what; the owner's
 * own changes too. Newest first, a page at a time.
 */
export function AccessLogPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('audit');
  const format = useFormat();
  const camera = useLoad(() => consentApi.camera(id), [id]);
  const first = useLoad(() => accessLogApi.page(id), [id]);
  const [more, setMore] = useState<{ items: AccessLogEntry[]; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const entries = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (first.data?.next ?? null);

  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const page = await accessLogApi.page(id, next);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], next: page.next }));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const who = (entry: AccessLogEntry) => {
    const role = t(`role.${entry.actor.role}`, { defaultValue: entry.actor.role });
    if (entry.actor.role === 'system') return t('who.system');
    return entry.actor.name ? t('who.named', { name: entry.actor.name, role }) : t('who.otherResident');
  };

  const what = (entry: AccessLogEntry): string | null => {
    const d = entry.details;
    if (entry.action === 'link.issued' || entry.action === 'link.opened') {
      const kind = d.kind === 'download' ? t('what.download') : t('what.view');
      return d.asset === 'thumbnail' ? t('what.thumbnail', { kind }) : t('what.clip', { kind });
    }
    if (typeof d.clips === 'number') return t('what.clips', { count: d.clips });
    return null;
  };

  if (camera.error) return <ErrorAlert error={camera.error} known={{ 'camera.not_yours': t('notYours'), 404: t('notYours') }} />;
  if (!camera.data) return <PageLoader />;

  return (
    <Stack maw={760}>
      <PageTitle>{t('title', { label: camera.data.camera.label })}</PageTitle>
      <CameraPortalNav cameraId={id} />
      <Text>{t('intro')}</Text>
      {first.error ? <ErrorAlert error={first.error} /> : null}
      {!first.data && !first.error && <PageLoader />}
      {first.data && entries.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      <List listStyleType="none" spacing="sm" p={0}>
        {entries.map((entry) => {
          const police = POLICE_ACTIONS.test(entry.action);
          const detail = what(entry);
          return (
            <List.Item key={entry.seq}>
              <Card withBorder padding="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600}>{t(`action.${entry.action}`, { defaultValue: entry.action })}</Text>
                  <Badge variant="filled" color={police ? 'blue.9' : 'gray.9'}>
                    {police ? t('kind.police') : t('kind.own')}
                  </Badge>
                </Group>
                <dl className="access-log-facts">
                  <dt>{t('facts.who')}</dt>
                  <dd>{who(entry)}</dd>
                  <dt>{t('facts.when')}</dt>
                  <dd>{format.dateTime(entry.at)}</dd>
                  {entry.purpose.investigationCaseNumber && (
                    <>
                      <dt>{t('facts.why')}</dt>
                      <dd>{t('facts.case', { caseNumber: entry.purpose.investigationCaseNumber })}</dd>
                    </>
                  )}
                  {entry.purpose.reason && (
                    <>
                      <dt>{t('facts.reason')}</dt>
                      <dd>{entry.purpose.reason}</dd>
                    </>
                  )}
                  {detail && (
                    <>
                      <dt>{t('facts.what')}</dt>
                      <dd>{detail}</dd>
                    </>
                  )}
                </dl>
              </Card>
            </List.Item>
          );
        })}
      </List>
      <ErrorAlert error={error} />
      {next && (
        <Button variant="default" loading={loading} onClick={() => void loadMore()}>
          {t('more')}
        </Button>
      )}
    </Stack>
  );
}
