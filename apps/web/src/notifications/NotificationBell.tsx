import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { notificationsApi } from '../api';

/** Fired by the notifications page when it marks one read, so the bell counts again at once. */
export const NOTIFICATIONS_CHANGED = 'wardwatch:notifications-changed';
const POLL_MS = 30_000;

/**
 * The header's bell: a link to the notifications with the unread count (GET /notifications/unread-count),
 * asked when a page opens, every half minute, and after one is marked read. Its name says the count.
 */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const { pathname } = useLocation();
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    let live = true;
    const count = () => {
      notificationsApi.unreadCount().then(
        (r) => live && setUnread(r.unread),
        () => undefined,
      );
    };
    count();
    const timer = window.setInterval(count, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, count);
    return () => {
      live = false;
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, count);
    };
  }, [pathname]);

  return (
    <Link to="/notifications" className="bell" aria-label={t('bell', { count: unread })}>
      <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && (
        <Badge size="sm" color="red.9" circle className="bell-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </Badge>
      )}
    </Link>
  );
}
