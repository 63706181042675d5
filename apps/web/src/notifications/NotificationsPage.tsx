import { Anchor, Badge, Button, Card, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { notificationsApi, type AppNotification } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { NOTIFICATIONS_CHANGED } from './NotificationBell';

/**
 * My notifications, newest first (their words come from the API in my chosen language). Opening
 * one marks it read and follows its link; each can also be marked read on its own.
 */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const navigate = useNavigate();
  const first = useLoad(() => notificationsApi.list(), []);
  const [more, setMore] = useState<{ items: AppNotification[]; next: string | null } | null>(null);
  const [read, setRead] = useState<Record<string, true>>({});
  const [error, setError] = useState<unknown>(null);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (first.data?.next ?? null);

  const markRead = async (n: AppNotification) => {
    if (n.readAt || read[n.id]) return;
    try {
      await notificationsApi.markRead(n.id);
      setRead((r) => ({ ...r, [n.id]: true }));
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
    } catch (e) {
      setError(e);
    }
  };

  const open = async (n: AppNotification) => {
    await markRead(n);
    // Only paths of this web app (the API writes them); anything else stays on this page.
    if (n.link.startsWith('/') && !n.link.startsWith('//')) void navigate(n.link);
  };

  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await notificationsApi.list(next);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], next: page.next }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Stack maw={720}>
      <PageTitle>{t('title')}</PageTitle>
      <Text size="sm">
        {t('settingsHint')} <Link to="/account">{t('settingsLink')}</Link>
      </Text>
      {first.error ? <ErrorAlert error={first.error} /> : null}
      <ErrorAlert error={error} />
      {!first.data && !first.error && <PageLoader />}
      {first.data && items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      <List listStyleType="none" spacing="sm" p={0}>
        {items.map((n) => {
          const unread = !n.readAt && !read[n.id];
          return (
            <List.Item key={n.id}>
              <Card withBorder padding="sm" className={unread ? 'notification-unread' : undefined}>
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <Anchor component="button" type="button" fw={unread ? 700 : 500} ta="left" onClick={() => void open(n)}>
                    {n.title}
                  </Anchor>
                  {unread && (
                    <Badge variant="filled" color="red.9">
                      {t('unread')}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" className="notice-text" mt={4}>
                  {n.text}
                </Text>
                <Group justify="space-between" mt="xs" wrap="wrap" gap="xs">
                  <Text size="xs" c="dimmed">
                    {format.dateTime(n.createdAt)}
                  </Text>
                  {unread && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => void markRead(n)}
                      aria-label={t('markReadLabel', { title: n.title })}
                    >
                      {t('markRead')}
                    </Button>
                  )}
                </Group>
              </Card>
            </List.Item>
          );
        })}
      </List>
      {next && (
        <Button variant="default" onClick={() => void loadMore()}>
          {t('more')}
        </Button>
      )}
    </Stack>
  );
}
