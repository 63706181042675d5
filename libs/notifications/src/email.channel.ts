import { Injectable } from '@nestjs/common';
import { SmtpMailer } from './smtp-mailer';
import { wantsOutboxChannel, type Delivery, type NotificationChannel } from './notification-channel';
import type { Recipient } from './notification.types';

/** E-mail through SMTP: the rendered subject and text, with the link to the web app; never footage or a token. */
@Injectable()
export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;

  constructor(private readonly mailer: SmtpMailer) {}

  configured(): boolean {
    return this.mailer.configured;
  }

  wants(recipient: Recipient): boolean {
    return wantsOutboxChannel('email', recipient);
  }

  async deliver(delivery: Delivery): Promise<'delivered'> {
    await this.mailer.send({
      to: delivery.recipient.email,
      subject: delivery.message.subject,
      text: delivery.message.text,
      messageId: `<notification-${delivery.notificationId}@wardwatch>`,
    });
    return 'delivered';
  }
}
