import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { CoreConfig } from '@wardwatch/config';

/**
 * Paths never written to logs. Camera credentials and stream URLs with user:pass are redacted at
 * their source too; this is the net under them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.secret',
  '*.credentials',
  'body.password',
];

/**
 * Structured JSON logs (pino) with the service name on every line and secrets redacted.
 * `destination` replaces stdout (tests read what was logged from it).
 */
export function loggingModule(service: string, destination?: Writable) {
  return LoggerModule.forRootAsync({
    inject: [CoreConfig],
    useFactory: (config: CoreConfig) => {
      const options: PinoHttpOptions = {
        level: config.LOG_LEVEL,
        base: { service },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        genReqId: (req: IncomingMessage) => {
          const incoming = req.headers['x-request-id'];
          return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        },
        // Health probes and scrapes every few seconds would drown the access log.
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      };
      return { pinoHttp: destination ? ([options, destination] as const) : options };
    },
  });
}
