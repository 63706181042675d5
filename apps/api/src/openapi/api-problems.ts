import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ResponseObject } from '@nestjs/swagger';
import { PROBLEM_JSON, ProblemDetails, ProblemFieldError } from '../http/problem-details.dto';
import { PROBLEM_CATALOGUE, type ProblemCode, problemType } from '@wardwatch/problems';

/** The error statuses this API answers with. */
export const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 410, 413, 416, 422, 429, 500, 502, 503] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** What each status means here, when a route has nothing more precise to say. */
const DEFAULT_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is malformed or fails validation; `errors` lists each field that failed',
  401: 'No bearer token or session cookie, or an invalid or expired one',
  403: 'Your role may not do this, or what it touches is not yours',
  404: 'No such resource, or not one you may see',
  409: 'Conflicts with the current state of the resource',
  410: 'It existed but is over for good (revoked, expired, withdrawn); `code` and `detail` say which',
  413: 'The request body is larger than the configured limit (HTTP_BODY_LIMIT; HTTP_IMPORT_BODY_LIMIT on the import routes)',
  416: 'The Range header asks for bytes outside the file; `Content-Range` gives its size',
  422: 'Well-formed, but cannot be done as asked; `detail` says why',
  429: 'Too many attempts; `Retry-After` says how many seconds to wait',
  500: 'Unexpected server error; it is logged under `errorId`, which the answer carries',
  502: 'A device the API talked to on your behalf (your camera) misbehaved or could not be reached; `detail` says how',
  503: 'A dependency is unavailable; try again later',
};

/** The code each status's example shows: the catalogue's general one for that status. */
const EXAMPLE_CODES: Record<ProblemStatus, ProblemCode> = {
  400: 'validation.failed',
  401: 'auth.missing_token',
  403: 'auth.role_not_allowed',
  404: 'http.not_found',
  409: 'http.conflict',
  410: 'link.expired',
  413: 'request.too_large',
  416: 'map.range_not_satisfiable',
  422: 'camera.outside_ward',
  429: 'rate_limit.exceeded',
  500: 'internal.error',
  502: 'snapshot.unreachable',
  503: 'http.unavailable',
};

/** One example body per status, so the document shows what a client will parse. */
function example(status: ProblemStatus): Record<string, unknown> {
  const code = EXAMPLE_CODES[status];
  const base = { type: problemType(code), title: PROBLEM_CATALOGUE[code].title, status, instance: '/api/v1/…', code };
  switch (status) {
    case 400:
      return {
        ...base,
        detail: 'the request has 1 invalid field',
        errors: [{ field: 'limit', detail: 'limit must be a whole number between 1 and 200' }],
      };
    case 500:
      return { ...base, detail: 'internal error; report this errorId to the operators', errorId: '0b8f2f4e-3a55-4c43-9d37-8f61a2c9e5d1' };
    case 502:
      return {
        ...base,
        detail: 'no snapshot from the camera: nothing answered at 10.88.3.17:80',
        errorId: '0b8f2f4e-3a55-4c43-9d37-8f61a2c9e5d1',
      };
    case 401:
    case 403:
    case 404:
    case 409:
    case 410:
    case 413:
    case 416:
    case 422:
    case 429:
    case 503:
      return { ...base, detail: DEFAULT_DESCRIPTIONS[status] };
  }
}

/** A status, or a status with what it means on this route. */
export type ProblemSpec = ProblemStatus | { status: ProblemStatus; description: string };

/** The OpenAPI response object of an error: problem+json with the one ProblemDetails schema. */
export function problemResponse(status: ProblemStatus, description = DEFAULT_DESCRIPTIONS[status]): ResponseObject {
  return {
    description,
    ...(status === 429
      ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } } }
      : {}),
    ...(status === 416
      ? {
          headers: {
            'Content-Range': { description: 'bytes */<size of the file>', schema: { type: 'string', example: 'bytes */1048576' } },
          },
        }
      : {}),
    content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetails) }, example: example(status) } },
  };
}

/**
 * The error responses a route can really give, each as `application/problem+json` with the
 * `ProblemDetails` schema: `@ApiProblems(404, { status: 409, description: 'Already closed' })`.
 * Statuses every route of a kind gives are added by the document builder (openapi-document.ts):
 * 400 with input, 404 with path parameters, 413 with a body, 500 everywhere; 401/403 come with @Roles.
 */
export const ApiProblems = (...specs: ProblemSpec[]) =>
  applyDecorators(
    ApiExtraModels(ProblemDetails, ProblemFieldError),
    ...specs.map((spec) => {
      const { status, description } = typeof spec === 'number' ? { status: spec, description: undefined } : spec;
      return ApiResponse({ status, ...problemResponse(status, description) });
    }),
  );
