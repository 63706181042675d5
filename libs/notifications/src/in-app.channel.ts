import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Delivery, NotificationChannel } from './notification-channel';
import type { Recipient } from './notification.types';

/**
 * The app's own inbox: the notification row, inserted in the caller's transaction. The unique
 * (recipient, key) index makes a second notice with the same domain key a `duplicate`, not a second row.
 */
@Injectable()
export class InAppChannel implements NotificationChannel {
  readonly name = 'in_app' as const;

  configured(): boolean {
    return true;
  }

  wants(_recipient: Recipient): boolean {
    return true;
  }

  async deliver(delivery: Delivery, manager?: EntityManager): Promise<'delivered' | 'duplicate'> {
    if (!manager) throw new Error('in-app notifications are written inside the transaction of their event: pass its EntityManager');
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO notifications (id, recipient_id, kind, dedupe_key, params, subject_type, subject_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        delivery.notificationId,
        delivery.recipient.userId,
        delivery.kind,
        delivery.key,
        JSON.stringify(delivery.params),
        delivery.subject.type,
        delivery.subject.id,
      ],
    );
    return inserted.length === 1 ? 'delivered' : 'duplicate';
  }
}
