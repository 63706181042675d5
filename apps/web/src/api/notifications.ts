import type { components } from '@wardwatch/api-client';
import { api } from './client';
import { call } from './problems';

export type AppNotification = components['schemas']['NotificationResponse'];
export type NotificationSettings = components['schemas']['NotificationSettingsResponse'];
export type NotificationSettingsChange = components['schemas']['UpdateNotificationSettingsDto'];

export const notificationsApi = {
  list: (cursor?: string) => call(api.GET('/notifications', { params: { query: cursor ? { cursor } : {} } })),
  unreadCount: () => call(api.GET('/notifications/unread-count')),
  markRead: (id: string) => call(api.POST('/notifications/{id}/read', { params: { path: { id } } })),
  settings: () => call(api.GET('/notifications/settings')),
  updateSettings: (change: NotificationSettingsChange) => call(api.PUT('/notifications/settings', { body: change })),
};
