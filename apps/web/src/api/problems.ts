import type { ProblemDetails } from '@wardwatch/api-client';

export type ProblemCode = ProblemDetails['code'];
export type FieldError = NonNullable<ProblemDetails['errors']>[number];

/**
 * A refused request, read from the API's answer: RFC 9457 problem details with the catalogue's
 * stable `code` (libs/problems), `detail` for a person, `errors[]` naming each invalid field, and
 * `errorId` on a 5xx. Pages branch on `code` (or the status), never on the English `detail`.
 */
export class ApiError extends Error {
  readonly code: ProblemCode | undefined;
  readonly fieldErrors: FieldError[];
  readonly errorId: string | undefined;

  constructor(
    readonly status: number,
    problem: Partial<ProblemDetails> = {},
  ) {
    super(problem.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.code = problem.code;
    this.fieldErrors = problem.errors ?? [];
    this.errorId = problem.errorId;
  }

  /** The first error the API gave for `field`, if any. */
  fieldError(field: string): FieldError | undefined {
    return this.fieldErrors.find((e) => e.field === field);
  }
}

/** The network itself failed (offline, server down): no answer to read. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

const isProblem = (body: unknown): body is Partial<ProblemDetails> => typeof body === 'object' && body !== null && 'status' in body;

/**
 * What openapi-fetch answers, made into a value or a thrown ApiError: `await call(api.GET('/auth/me'))`.
 * An error body that is not a problem (a proxy's HTML page) still gives the status.
 */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok || error !== undefined) throw new ApiError(response.status, isProblem(error) ? error : {});
  return data as T;
}
