import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
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
  // The worker's SMTP relay password (config) and nodemailer's auth object.
  '*.SMTP_PASSWORD',
  '*.auth.pass',
];

/**
 * Error fields that carry data rather than a diagnosis. TypeORM's QueryFailedError keeps the
 * query's `parameters` (a password hash, an e-mail address, sealed credentials) and `driverError`
 * (the same again, plus PostgreSQL's `detail` with the offending values); pino's redact paths reach
 * only one level, and a logged error nests them deeper. The message and SQL text stay.
 */
export const DATA_BEARING_ERROR_FIELDS = ['parameters', 'driverError', 'detail', 'where'] as const;

/**
 * Serialises `err` as pino does, without DATA_BEARING_ERROR_FIELDS, at any depth of `cause`.
 * pino-http hands its error serializer the already-serialised object, so both forms are handled.
 */
export function serializeError(err: unknown): unknown {
  const strip = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null || depth > 5) return value;
    const copy = { ...(value as Record<string, unknown>) };
    for (const field of DATA_BEARING_ERROR_FIELDS) delete copy[field];
    if ('cause' in copy) copy.cause = strip(copy.cause, depth + 1);
    if (Array.isArray(copy.aggregateErrors)) copy.aggregateErrors = copy.aggregateErrors.map((e) => strip(e, depth + 1));
    return copy;
  };
  return strip(err instanceof Error ? stdSerializers.err(err) : err, 0);
}

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
        // Health probes and scrapes every few seconds would drown the access log. Matched on the
        // last path segment: the API serves them under its versioned prefix (/api/v1/health).
        autoLogging: { ignore: (req: IncomingMessage) => /\/(health|metrics)$/.test((req.url ?? '').split('?')[0]) },
        serializers: {
          // Every error logged as `err` (and a bare Error, which pino logs under `err`).
          err: serializeError,
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      };
      return {
        pinoHttp: destination ? ([options, destination] as const) : options,
        // Every route, in Express 5's wildcard spelling (nestjs-pino's default '*' is warned about at start).
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
      };
    },
  });
}
