/**
 * The demo's mail server: a real local SMTP server (smtp-server) on a free port that catches every
 * notification e-mail the worker sends, so the demo shows e-mail without a mail provider. It sets
 * SMTP_HOST and SMTP_PORT in this process's environment, which the api and worker the demo starts
 * inherit; call it before starting them. Each caught mail is printed with the running count.
 */
import { SmtpCatcher } from '../test/support/smtp-catcher';

export async function startDemoMailbox(say: (line: string) => void = (line) => console.log(`[demo] ${line}`)): Promise<SmtpCatcher> {
  const mailbox = new SmtpCatcher();
  const port = await mailbox.start(0);
  mailbox.unref();
  mailbox.onMail = (mail) => say(`mailbox caught mail ${mailbox.mails.length}: to ${mail.to.join(', ')}, "${mail.subject}"`);
  // The environment overrides config/development.env (readEnvironment), so the worker sends here.
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(port);
  process.env.SMTP_SECURE = 'false';
  process.env.SMTP_USER = '';
  say(`local SMTP server on 127.0.0.1:${port} catches the notification e-mails (in-app notifications: GET /api/v1/notifications)`);
  return mailbox;
}
