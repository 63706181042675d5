import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { WorkerConfig } from '@wardwatch/config';
import { PermanentDeliveryError } from './notification-channel';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification, so a receiving server (or a person) can tell a resend from a new mail. */
  messageId: string;
}

/** What an SMTP failure says, without anything of the configuration (no user, no password). */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Permanent: the server refused for good (5xx: no such mailbox, policy) or the address is unusable.
 * Authentication failures (535) are the operator's to fix, so they are retried like an outage.
 */
export function isPermanentSmtpFailure(e: SmtpFailure): boolean {
  if (e.code === 'EAUTH') return false;
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e.code === 'EENVELOPE';
}

/** A short reason for the delivery record: the SMTP reply or the network error, truncated. */
export function describeSmtpFailure(e: SmtpFailure): string {
  const parts = [e.code, e.responseCode, e.response ?? e.message].filter((p) => p !== undefined && p !== '');
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, 480) || 'unknown SMTP failure';
}

/**
 * The one class that talks SMTP (nodemailer). Off when SMTP_HOST is empty. The password goes to
 * nodemailer only; nodemailer's own logger stays off so that no SMTP dialogue reaches the logs.
 */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private readonly transport?: Transporter;

  constructor(private readonly config: WorkerConfig) {
    if (!config.SMTP_HOST) return;
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE === 'true',
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      connectionTimeout: config.SMTP_TIMEOUT_MS,
      greetingTimeout: config.SMTP_TIMEOUT_MS,
      socketTimeout: config.SMTP_TIMEOUT_MS,
      logger: false,
      debug: false,
    });
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  /** Sends one mail; throws PermanentDeliveryError for a refusal no retry fixes, a plain Error otherwise. */
  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new PermanentDeliveryError('e-mail is not configured (SMTP_HOST is empty)');
    try {
      await this.transport.sendMail({
        from: this.config.SMTP_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (e) {
      const failure = e as SmtpFailure;
      const reason = describeSmtpFailure(failure);
      throw isPermanentSmtpFailure(failure) ? new PermanentDeliveryError(reason) : new Error(reason);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
