import type { EntityManager } from 'typeorm';
import type { ChannelName, NotificationKind, NotificationParams, Recipient, RenderedNotification } from './notification.types';

/** One notification on its way to one recipient through one channel. */
export interface Delivery<K extends NotificationKind = NotificationKind> {
  notificationId: string;
  /** The domain key the notification was written with (unique per recipient). */
  key: string;
  kind: K;
  params: NotificationParams[K];
  subject: { type: string; id: string };
  recipient: Recipient;
  message: RenderedNotification;
}

/**
 * A way of telling a user something. In-app is written in the caller's transaction (the event and
 * its notification commit together); the others are sent by the worker from the outbox, so a mail
 * server (or a messenger's API) that is down never blocks or fails the event. Adding a messenger
 * such as Zalo is one class implementing this, its name in CHANNELS / OUTBOX_CHANNELS, and a
 * contact field on the user (see the library's README).
 */
export interface NotificationChannel {
  readonly name: ChannelName;
  /** Whether the deployment configured it (an unconfigured channel records its deliveries as skipped). */
  configured(): boolean;
  /** Whether this recipient can and wants to be reached on it. */
  wants(recipient: Recipient): boolean;
  /**
   * Delivers the rendered notification to its recipient. `duplicate` when this channel already
   * holds this notification (nothing was sent twice). Throws when delivery failed; see
   * `PermanentDeliveryError` for failures that no retry can fix.
   */
  deliver(delivery: Delivery, manager?: EntityManager): Promise<'delivered' | 'duplicate'>;
}

/** A failure that will not change on retry (a mailbox that does not exist, a refused address). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** Which channels a recipient gets a notification on, besides the app (pure: the API writes the outbox with it). */
export function wantsOutboxChannel(channel: ChannelName, recipient: Recipient): boolean {
  switch (channel) {
    case 'in_app':
      return true;
    case 'email':
      return recipient.active && recipient.emailNotifications && recipient.email.includes('@');
  }
}
