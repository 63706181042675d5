import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccessRefusalRecorder } from '@wardwatch/audit';
import { problem, PROBLEM_CATALOGUE, ProblemException, problemType, type ProblemBody, type ProblemCode } from '@wardwatch/problems';
import type { AuthenticatedRequest } from '../auth/access-policy';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' &&
  e !== null &&
  !(e instanceof HttpException) &&
  typeof (e as BodyParserError).type === 'string' &&
  typeof (e as BodyParserError).status === 'number';

/** body-parser's error types, in our words: its own messages (JSON.parse positions and the like) never reach a client. */
function bodyParserProblem(e: BodyParserError, limitSetting: string): { code: ProblemCode; detail: string } {
  switch (e.type) {
    case 'entity.parse.failed':
      return {
        code: 'request.invalid_json',
        detail: 'The request body is not valid JSON; send one JSON value with Content-Type: application/json.',
      };
    case 'entity.too.large':
      return {
        code: 'request.too_large',
        detail: `The request body is too large; the limit is ${e.limit ?? 'set by'} ${e.limit === undefined ? limitSetting : `bytes (${limitSetting})`}. Send less, or in parts.`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        code: 'request.unsupported_encoding',
        detail: 'The request body encoding or charset is not supported; send UTF-8 JSON, uncompressed or gzip/deflate.',
      };
    default:
      return { code: 'request.unreadable', detail: 'The request body could not be read in full; send the request again.' };
  }
}

/**
 * Express error middleware, registered right after the body parser: turns its errors into problems
 * before Nest sees them (Nest maps a JSON SyntaxError to a BadRequestException carrying the
 * parser's message, and the kind of error is lost).
 */
export function bodyParserProblems(err: unknown, req: Request, _res: Response, next: (err?: unknown) => void): void {
  if (isBodyParserError(err) && err.status >= 400 && err.status < 500) {
    const setting = (req as Request & { bodyLimitSetting?: string }).bodyLimitSetting ?? 'HTTP_BODY_LIMIT';
    const { code, detail } = bodyParserProblem(err, setting);
    return next(problem(code, detail));
  }
  next(err);
}

/**
 * The import routes' own JSON parser (HTTP_IMPORT_BODY_LIMIT), registered before the general one:
 * once it has read a body the general parser leaves the request alone. It names its setting on the
 * request, so a 413 says which limit was exceeded.
 */
export function importBodyParser(limit: string, parse: (req: Request, res: Response, next: (err?: unknown) => void) => void) {
  return (req: Request, res: Response, next: (err?: unknown) => void): void => {
    (req as Request & { bodyLimitSetting?: string }).bodyLimitSetting = 'HTTP_IMPORT_BODY_LIMIT';
    parse(req, res, next);
  };
}

/** Codes for HttpExceptions that do not come from our code (Nest itself, a library), by status. */
const FOREIGN_BY_STATUS: Partial<Record<number, ProblemCode>> = {
  400: 'http.bad_request',
  401: 'http.unauthorized',
  403: 'http.forbidden',
  404: 'http.not_found',
  409: 'http.conflict',
  413: 'request.too_large',
  415: 'request.unsupported_encoding',
  429: 'rate_limit.exceeded',
  503: 'http.unavailable',
};

/** When a 429 names no time of its own: the longest window any limiter here uses. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

const INTERNAL_DETAIL = 'The request failed because of an internal error; report the errorId to the operators.';

const body = (code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}): ProblemBody => ({
  ...extensions,
  type: problemType(code),
  title: PROBLEM_CATALOGUE[code].title,
  status: PROBLEM_CATALOGUE[code].status,
  detail,
  code,
});

/** What a foreign HttpException said, as one string (ValidationPipe without our factory says a list). */
function foreignDetail(exception: HttpException): string {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (typeof message === 'string' && message.length > 0) return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message.join('; ');
  return exception.message;
}

/** How an exception is answered: the problem body (without `instance`/`errorId`), and whether it is our fault unexpectedly. */
export interface Mapped {
  problem: ProblemBody;
  /** An error nobody meant to answer (a bug, a failed query): logged as an error with its stack. */
  unexpected: boolean;
}

/**
 * The one mapping from anything thrown to a problem (RFC 9457): ours by their catalogued code,
 * body-parser's, the router's 404, the throttler's 429 and other foreign HttpExceptions by kind,
 * and anything else as `internal.error` without a word of its message.
 */
export function toProblem(exception: unknown, req: Pick<Request, 'method' | 'originalUrl'>): Mapped {
  if (exception instanceof ProblemException) return { problem: exception.toBody(), unexpected: false };
  if (exception instanceof ThrottlerException) {
    return { problem: body('rate_limit.exceeded', 'Too many attempts; wait and try again (Retry-After says when).'), unexpected: false };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) {
      const code = FOREIGN_BY_STATUS[status];
      return code
        ? { problem: body(code, 'The service is briefly unavailable; try again shortly.'), unexpected: false }
        : { problem: body('internal.error', INTERNAL_DETAIL), unexpected: true };
    }
    // Nest answers an unknown route with a NotFoundException of its own ("Cannot GET /x"); ours are problems.
    if (exception instanceof NotFoundException && status === 404 && /^Cannot [A-Z]+ /.test(exception.message)) {
      const path = req.originalUrl.split('?')[0];
      return {
        problem: body('http.not_found', `There is no operation ${req.method} ${path}; the OpenAPI document lists the routes.`),
        unexpected: false,
      };
    }
    return { problem: body(FOREIGN_BY_STATUS[status] ?? 'http.bad_request', foreignDetail(exception)), unexpected: false };
  }
  if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
    const { code, detail } = bodyParserProblem(
      exception,
      (req as Request & { bodyLimitSetting?: string }).bodyLimitSetting ?? 'HTTP_BODY_LIMIT',
    );
    return { problem: body(code, detail), unexpected: false };
  }
  return { problem: body('internal.error', INTERNAL_DETAIL), unexpected: true };
}

/**
 * Every 429 carries a standard `Retry-After` (delay-seconds, RFC 9110 10.2.3), whoever raised it:
 * the `retryAfterSeconds` a service put in its problem (a library has no access to the response,
 * so this is how probe limits and the like say it), else the longest of the per-limiter
 * `Retry-After-<name>` headers @nestjs/throttler sets for named throttlers, else a minute. The
 * problem says the same as `retryAfterSeconds`.
 */
function setRetryAfter(res: Response, problem: ProblemBody): void {
  const fromBody = problem.retryAfterSeconds;
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
  const whole = Math.ceil(seconds);
  res.setHeader('Retry-After', String(whole));
  problem.retryAfterSeconds = whole;
}

/**
 * One format for every error: RFC 9457 problem details (`application/problem+json`) with a stable
 * `code` from the catalogue (@wardwatch/problems), `detail` always a sentence, `instance` the
 * request path. Server errors are logged with an `errorId` that the client also gets, so a report
 * can be traced; a 403 to a signed-in user is audited before it is answered.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly refusals: AccessRefusalRecorder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (res.headersSent) return;

    const { problem, unexpected } = toProblem(exception, req);
    const status = problem.status;
    if (status === 429) setRetryAfter(res, problem);
    // Audited before the answer, so a refusal the caller saw is always in the log.
    if (status === 403) await this.recordRefusal(req, problem.detail);
    const answer: ProblemBody = { ...problem, instance: req.originalUrl.split('?')[0] };
    if (status >= 500) {
      const errorId = randomUUID();
      answer.errorId = errorId;
      if (unexpected) this.logger.error({ errorId, err: exception }, 'request failed');
      // A deliberate 5xx (a dependency down, probes busy): its problem says what; the log says it too.
      else this.logger.warn({ errorId, status, problem: answer }, 'request answered with a server error');
    }
    res.status(status).setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
    res.json(answer);
  }

  /** Refusals of signed-in users only (the guard sets `principal` once the token is valid). */
  private async recordRefusal(req: Request & AuthenticatedRequest, reason: string): Promise<void> {
    if (!req.principal) return;
    const route = (req.route as { path?: unknown } | undefined)?.path;
    await this.refusals.record(
      { userId: req.principal.userId, role: req.principal.role },
      { method: req.method, route: typeof route === 'string' ? route : req.path, path: req.path, reason },
    );
  }
}
