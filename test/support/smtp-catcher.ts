import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';

/** One mail as the SMTP server received it, with the parts a test reads decoded. */
export interface CaughtMail {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  messageId: string;
}

/** accept: take every mail; tempfail: 451 on RCPT (try later); reject: 550 on RCPT (no such mailbox). */
export type CatcherMode = 'accept' | 'tempfail' | 'reject';

const decodeWords = (value: string): string =>
  value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );

const decodeQuotedPrintable = (body: string): string =>
  Buffer.from(
    body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

/** A single-part text mail as nodemailer writes it: headers, then the body in its transfer encoding. */
export function parseMail(raw: string): Pick<CaughtMail, 'headers' | 'subject' | 'text' | 'messageId'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: text.replace(/\r\n/g, '\n'),
    messageId: headers['message-id'] ?? '',
  };
}

/**
 * A real SMTP server on a free local port (the `smtp-server` package) that keeps what it receives:
 * tests and the demo send real SMTP to it. It can refuse on demand, and stop and start again on the
 * same port to play an outage. With `auth`, it requires that user and password (AUTH PLAIN/LOGIN).
 */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  /** Called with each mail as it arrives. */
  onMail?: (mail: CaughtMail) => void;
  mode: CatcherMode = 'accept';
  /** RCPT commands seen per address, accepted or not: how often a sender tried. */
  private readonly rcpts = new Map<string, number>();
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly auth?: { user: string; password: string }) {}

  async start(port = this.port): Promise<number> {
    const server = new SMTPServer({
      // Plain SMTP on loopback: no STARTTLS (its self-signed certificate would only be refused).
      disabledCommands: this.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !this.auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth: SMTPServerAuthentication, _session: SMTPServerSession, done) => {
        if (this.auth && auth.username === this.auth.user && auth.password === this.auth.password)
          return done(null, { user: auth.username });
        done(Object.assign(new Error('invalid credentials'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, done) => {
        this.rcpts.set(address.address, (this.rcpts.get(address.address) ?? 0) + 1);
        if (this.mode === 'tempfail') return done(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
        if (this.mode === 'reject') return done(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        done();
      },
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail: CaughtMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            ...parseMail(raw),
          };
          this.mails.push(mail);
          this.onMail?.(mail);
          done();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Lets the process exit while the server still listens (the demo's mailbox lives as long as the demo). */
  unref(): void {
    this.server?.server.unref();
  }

  /** Stops listening (connections are refused until `start` again). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** How often a sender tried to deliver to this address. */
  attemptsFor(address: string): number {
    return this.rcpts.get(address) ?? 0;
  }

  /** Mails carrying this notification's Message-ID. */
  mailsFor(notificationId: string): CaughtMail[] {
    return this.mails.filter((m) => m.messageId.includes(notificationId));
  }
}
