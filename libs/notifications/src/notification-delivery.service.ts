import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkerConfig } from '@wardwatch/config';
import { PermanentDeliveryError, type NotificationChannel } from './notification-channel';
import type { NotificationKind, NotificationParams, OutboxChannelName, Recipient } from './notification.types';
import { renderNotification } from './render';

/** The outbound channels the worker has (e-mail; a messenger would be added to this list). */
export const OUTBOX_CHANNEL_LIST = Symbol('OUTBOX_CHANNEL_LIST');

export type DeliveryOutcome =
  { outcome: 'sent' | 'skipped' | 'failed' | 'not-due'; reason?: string } | { outcome: 'retry'; reason: string };

interface DueRow extends Recipient {
  state: string;
  attempts: number;
  kind: NotificationKind;
  params: NotificationParams[NotificationKind];
  dedupeKey: string;
  subjectType: string;
  subjectId: string;
}

/**
 * Sends one pending delivery of the outbox and records what happened. The row is locked while it
 * is sent, and only a `pending` row is sent, so a duplicate job (or two workers) sends one mail.
 * A crash between the SMTP server's acceptance and the commit can send it again: at least once.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OUTBOX_CHANNEL_LIST) private readonly channels: NotificationChannel[],
    private readonly config: WorkerConfig,
  ) {}

  /** `lastAttempt`: the retry policy allows no more, so a failure now is final. */
  async deliver(notificationId: string, channelName: OutboxChannelName, lastAttempt: boolean): Promise<DeliveryOutcome> {
    return this.dataSource.transaction('READ COMMITTED', async (m) => {
      const [row] = await m.query<DueRow[]>(
        `SELECT d.state, d.attempts, n.kind, n.params, n.dedupe_key AS "dedupeKey", n.subject_type AS "subjectType",
                n.subject_id AS "subjectId", u.id AS "userId", u.email, u.preferred_language AS language,
                u.email_notifications AS "emailNotifications", u.status = 'active' AS active
           FROM notification_deliveries d
           JOIN notifications n ON n.id = d.notification_id
           JOIN users u ON u.id = n.recipient_id
          WHERE d.notification_id = $1 AND d.channel = $2
          FOR UPDATE OF d`,
        [notificationId, channelName],
      );
      if (!row || row.state !== 'pending') return { outcome: 'not-due', reason: row ? `already ${row.state}` : 'no such delivery' };
      const finish = async (state: 'sent' | 'failed' | 'skipped', reason: string | null, attempted: boolean) => {
        await m.query(
          `UPDATE notification_deliveries SET state = $3, last_error = $4, attempts = attempts + $5, finished_at = now()
            WHERE notification_id = $1 AND channel = $2`,
          [notificationId, channelName, state, reason, attempted ? 1 : 0],
        );
      };
      const channel = this.channels.find((c) => c.name === channelName);
      if (!channel || !channel.configured()) {
        await finish('skipped', `the ${channelName} channel is not configured`, false);
        return { outcome: 'skipped', reason: 'not configured' };
      }
      const recipient: Recipient = {
        userId: row.userId,
        email: row.email,
        language: row.language,
        emailNotifications: row.emailNotifications,
        active: row.active,
      };
      if (!channel.wants(recipient)) {
        await finish('skipped', `the recipient does not take ${channelName} notifications now`, false);
        return { outcome: 'skipped', reason: 'recipient opted out' };
      }
      const message = renderNotification(row.kind, row.params, recipient.language, {
        timeZone: this.config.WARD_TIME_ZONE,
        webBaseUrl: this.config.PUBLIC_WEB_URL,
        footer: true,
      });
      try {
        await channel.deliver({
          notificationId,
          key: row.dedupeKey,
          kind: row.kind,
          params: row.params,
          subject: { type: row.subjectType, id: row.subjectId },
          recipient,
          message,
        });
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        if (e instanceof PermanentDeliveryError || lastAttempt) {
          await finish('failed', reason, true);
          this.logger.warn({ notificationId, channel: channelName, reason }, 'notification delivery failed for good; not retried');
          return { outcome: 'failed', reason };
        }
        await m.query(
          `UPDATE notification_deliveries SET attempts = attempts + 1, last_error = $3 WHERE notification_id = $1 AND channel = $2`,
          [notificationId, channelName, reason],
        );
        return { outcome: 'retry', reason };
      }
      await finish('sent', null, true);
      return { outcome: 'sent' };
    });
  }

  /** Pending deliveries, oldest first: the outbox sweep queues a job for each. */
  async pending(limit = 500): Promise<{ notificationId: string; channel: OutboxChannelName }[]> {
    return this.dataSource.query(
      `SELECT notification_id AS "notificationId", channel FROM notification_deliveries WHERE state = 'pending' ORDER BY created_at LIMIT $1`,
      [limit],
    );
  }
}
