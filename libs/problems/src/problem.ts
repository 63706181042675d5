import { HttpException } from '@nestjs/common';
import { PROBLEM_CATALOGUE, problemType, type ProblemCode } from './catalogue';

/** Members a problem carries beside the standard ones: machine-readable facts a client can act on. */
export type ProblemExtensions = Record<string, unknown>;

/** One field error of a validation failure: the field as a dotted path (`consent.purposes[0]`). */
export interface FieldError {
  field: string;
  detail: string;
}

/** The members the API answers with for every error (RFC 9457), `instance` and `errorId` added by the filter. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  [extension: string]: unknown;
}

/** Standard and our own members; an extension may not overwrite them. */
export const RESERVED_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code', 'errorId'] as const;

/**
 * An error of a catalogued kind, thrown from services and controllers alike. It is a Nest
 * HttpException, so anything that already understands those (status, message) keeps working; the
 * API's exception filter answers it as `application/problem+json`.
 */
export class ProblemException extends HttpException {
  override readonly name = 'ProblemException';

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extensions: ProblemExtensions = {},
  ) {
    const kind = PROBLEM_CATALOGUE[code];
    super({ code, detail, ...extensions }, kind.status);
    // What logs, the audit of refusals and code that reads `message` see: the detail, as before.
    this.message = detail;
    for (const member of RESERVED_MEMBERS) {
      if (member in extensions) throw new Error(`problem ${code}: extension member "${member}" is reserved`);
    }
  }

  /** The body without `instance` (the filter knows the request) and `errorId` (only 5xx, minted when answered). */
  toBody(): ProblemBody {
    const kind = PROBLEM_CATALOGUE[this.code];
    return {
      ...this.extensions,
      type: problemType(this.code),
      title: kind.title,
      status: kind.status,
      detail: this.detail,
      code: this.code,
    };
  }
}

/**
 * `throw problem('camera.not_yours', 'camera 3f… is not one of your cameras')`: the status and title
 * come from the catalogue; `detail` says what was wrong this time and what to do about it.
 */
export const problem = (code: ProblemCode, detail: string, extensions?: ProblemExtensions): ProblemException =>
  new ProblemException(code, detail, extensions);

export const isProblem = (e: unknown): e is ProblemException => e instanceof ProblemException;
