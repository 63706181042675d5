import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@wardwatch/accounts';
import { CoreConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { InAppChannel } from './in-app.channel';
import { wantsOutboxChannel } from './notification-channel';
import { OUTBOX_CHANNELS, type Notice, type NotificationKind, type NotificationParams, type Recipient } from './notification.types';
import { renderNotification } from './render';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** In the reader's language now (words are rendered when read, not stored). */
  title: string;
  text: string;
  /** A path in the web app. */
  link: string;
  subject: { type: string; id: string };
  createdAt: Date;
  readAt: Date | null;
}

export interface NotificationSettings {
  email: string;
  emailNotifications: boolean;
  preferredLanguage: Language;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  params: NotificationParams[NotificationKind];
  subjectType: string;
  subjectId: string;
  createdAt: Date;
  readAt: Date | null;
}

const RECIPIENT_SQL = `SELECT id AS "userId", email, preferred_language AS language, email_notifications AS "emailNotifications",
                              status = 'active' AS active
                         FROM users WHERE id = ANY($1::uuid[])`;

/**
 * Notifications: written by the domain services inside their own transactions (`notify`), read
 * and marked read by their recipients, and delivered by the worker through the outbound channels.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inApp: InAppChannel,
    private readonly config: CoreConfig,
  ) {}

  /**
   * Writes each notice in the caller's transaction: the in-app notification and, for each outbound
   * channel the recipient wants, a pending delivery the worker sends. A notice whose key the
   * recipient already has is skipped. Never talks to a mail server: the event cannot fail on it.
   */
  async notify(m: EntityManager, notices: Notice[]): Promise<number> {
    if (notices.length === 0) return 0;
    const recipients = await m.query<Recipient[]>(RECIPIENT_SQL, [[...new Set(notices.map((n) => n.recipientId))]]);
    let written = 0;
    for (const notice of notices) {
      const recipient = recipients.find((r) => r.userId === notice.recipientId);
      if (!recipient) continue;
      const notificationId = randomUUID();
      const message = renderNotification(notice.kind, notice.params, recipient.language, { timeZone: this.config.WARD_TIME_ZONE });
      const outcome = await this.inApp.deliver(
        { notificationId, key: notice.key, kind: notice.kind, params: notice.params, subject: notice.subject, recipient, message },
        m,
      );
      if (outcome === 'duplicate') continue;
      written++;
      for (const channel of OUTBOX_CHANNELS.filter((c) => wantsOutboxChannel(c, recipient))) {
        await m.query(`INSERT INTO notification_deliveries (notification_id, channel, state) VALUES ($1, $2, 'pending')`, [
          notificationId,
          channel,
        ]);
      }
    }
    return written;
  }

  /** The user's own notifications, newest first (keyset on created_at, id). Fetches limit + 1 rows. */
  async list(
    userId: string,
    query: { unreadOnly?: boolean; after: { createdAt: Date; id: string } | null; limit: number },
  ): Promise<NotificationView[]> {
    const params: unknown[] = [userId];
    const where = ['recipient_id = $1'];
    if (query.unreadOnly) where.push('read_at IS NULL');
    if (query.after) where.push(`(created_at, id) < ($${params.push(query.after.createdAt)}, $${params.push(query.after.id)}::uuid)`);
    const rows = await this.dataSource.query<NotificationRow[]>(
      `SELECT id, kind, params, subject_type AS "subjectType", subject_id AS "subjectId", created_at AS "createdAt", read_at AS "readAt"
         FROM notifications WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC
        LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    const language = await this.languageOf(userId);
    return rows.map((row) => this.view(row, language));
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return Number(row.n);
  }

  /** Marks one of the user's own notifications read (again is fine); another user's is not found. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const [rows] = await this.dataSource.query<[NotificationRow[], number]>(
      `UPDATE notifications SET read_at = COALESCE(read_at, now())
        WHERE id = $1 AND recipient_id = $2
        RETURNING id, kind, params, subject_type AS "subjectType", subject_id AS "subjectId", created_at AS "createdAt", read_at AS "readAt"`,
      [id, userId],
    );
    if (!rows?.[0]) throw problem('notification.not_found', `you have no notification with id ${id}`);
    return this.view(rows[0], await this.languageOf(userId));
  }

  async settings(userId: string): Promise<NotificationSettings> {
    const [row] = await this.dataSource.query<NotificationSettings[]>(
      `SELECT email, email_notifications AS "emailNotifications", preferred_language AS "preferredLanguage" FROM users WHERE id = $1`,
      [userId],
    );
    if (!row) throw problem('account.not_found', `no user with id ${userId}`);
    return row;
  }

  async updateSettings(
    userId: string,
    changes: { emailNotifications?: boolean; preferredLanguage?: Language },
  ): Promise<NotificationSettings> {
    await this.dataSource.query(
      `UPDATE users SET email_notifications = COALESCE($2, email_notifications), preferred_language = COALESCE($3, preferred_language),
                        updated_at = now()
        WHERE id = $1`,
      [userId, changes.emailNotifications ?? null, changes.preferredLanguage ?? null],
    );
    return this.settings(userId);
  }

  private async languageOf(userId: string): Promise<Language> {
    const [row] = await this.dataSource.query<{ language: Language }[]>(`SELECT preferred_language AS language FROM users WHERE id = $1`, [
      userId,
    ]);
    return row?.language ?? 'vi';
  }

  private view(row: NotificationRow, language: Language): NotificationView {
    const rendered = renderNotification(row.kind, row.params, language, { timeZone: this.config.WARD_TIME_ZONE });
    return {
      id: row.id,
      kind: row.kind,
      title: rendered.subject,
      text: rendered.text,
      link: rendered.link,
      subject: { type: row.subjectType, id: row.subjectId },
      createdAt: row.createdAt,
      readAt: row.readAt,
    };
  }
}
