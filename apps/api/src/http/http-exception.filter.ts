import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessRefusalRecorder } from '@wardwatch/audit';
import type { AuthenticatedRequest } from '../auth/access-policy';

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as BodyParserError).type === 'string' &&
  typeof (e as BodyParserError).status === 'number';

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'request body is not valid JSON',
  'entity.too.large': 'request body is too large',
  'encoding.unsupported': 'request body encoding is not supported; send UTF-8 JSON',
  'charset.unsupported': 'request body charset is not supported; send UTF-8 JSON',
};

/** When a 429 names no time of its own: the longest window any limiter here uses. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * Every 429 carries a standard `Retry-After` (delay-seconds, RFC 9110 10.2.3), whoever raised it:
 * the value a service put in the body as `retryAfterSeconds` (a library has no access to the
 * response, so this is how probe limits and the like say it), else the longest of the per-limiter
 * `Retry-After-<name>` headers @nestjs/throttler sets for named throttlers, else a minute.
 */
function setRetryAfter(res: Response, exception: HttpException): void {
  const body = exception.getResponse();
  const fromBody = typeof body === 'object' ? (body as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  const fromThrottlers = Object.entries(res.getHeaders())
    .filter(([name]) => name.startsWith('retry-after-'))
    .map(([, value]) => Number(value))
    .filter((n) => Number.isFinite(n) && n > 0);
  const seconds =
    typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody > 0
      ? fromBody
      : fromThrottlers.length > 0
        ? Math.max(...fromThrottlers)
        : Number(res.getHeader('retry-after')) || DEFAULT_RETRY_AFTER_SECONDS;
  res.setHeader('Retry-After', String(Math.ceil(seconds)));
}

/**
 * One shape for every error: `{ statusCode, error, message }`. Client errors say what was wrong;
 * server errors are logged with an `errorId` that the client also gets, so a report can be traced.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly refusals: AccessRefusalRecorder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 429) setRetryAfter(res, exception);
      // Audited before the answer, so a refusal the caller saw is always in the log.
      if (status === 403) await this.recordRefusal(host.switchToHttp().getRequest<Request & AuthenticatedRequest>(), exception);
      const body = exception.getResponse();
      if (status >= 500 && typeof body === 'object') {
        // A deliberate 5xx with its own body (e.g. /health's 503 naming what is down): keep the body.
        const errorId = randomUUID();
        this.logger.warn({ errorId, status, body }, 'request answered with a server error');
        res.status(status).json({ ...body, errorId });
        return;
      }
      if (status >= 500) return this.serverError(res, exception, status);
      if (typeof body === 'string') {
        res.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: body });
        return;
      }
      // Extra fields a service put in the body (e.g. `failure` on a refused enrolment) reach the client.
      const { message = exception.message, statusCode: _s, error: _e, ...extra } = body as Record<string, unknown>;
      res.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...extra });
      return;
    }
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const message = BODY_PARSER_MESSAGES[exception.type] ?? `request body could not be read (${exception.type})`;
      const detail =
        exception.type === 'entity.too.large' && exception.limit ? `${message}; the limit is ${exception.limit} bytes` : message;
      res
        .status(exception.status)
        .json({ statusCode: exception.status, error: STATUS_CODES[exception.status] ?? 'Error', message: detail });
      return;
    }
    this.serverError(res, exception, HttpStatus.INTERNAL_SERVER_ERROR);
  }

  /** Refusals of signed-in users only (the guard sets `principal` once the token is valid). */
  private async recordRefusal(req: Request & AuthenticatedRequest, exception: HttpException): Promise<void> {
    if (!req.principal) return;
    const route = (req.route as { path?: unknown } | undefined)?.path;
    await this.refusals.record(
      { userId: req.principal.userId, role: req.principal.role },
      { method: req.method, route: typeof route === 'string' ? route : req.path, path: req.path, reason: exception.message },
    );
  }

  private serverError(res: Response, exception: unknown, status: number): void {
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'request failed');
    res.status(status).json({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: 'internal error; report this errorId to the operators',
      errorId,
    });
  }
}
