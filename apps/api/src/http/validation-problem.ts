import { ParseUUIDPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { problem, type FieldError, type ProblemCode, type ProblemException } from '@wardwatch/problems';

/**
 * The code a constraint asks for instead of `validation.failed`, through class-validator's
 * `context` (e.g. a malformed `cursor` is `validation.bad_cursor`):
 * `@Matches(re, { message, context: problemContext('validation.bad_cursor') })`.
 */
export const problemContext = (code: ProblemCode): { problem: ProblemCode } => ({ problem: code });

/** class-validator's own wording for its structural checks, in ours (its internals never reach a client). */
const OWN_WORDING: Record<string, (field: string) => string> = {
  whitelistValidation: (field) => `${field} is not a field of this request; remove it`,
  nestedValidation: (field) => `${field} must be an object (or a list of them) of the documented shape`,
};

interface Flat {
  field: string;
  detail: string;
  codes: ProblemCode[];
}

const segment = (parent: string, property: string): string =>
  /^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property;

function flatten(errors: ValidationError[], parent = ''): Flat[] {
  return errors.flatMap((e) => {
    const field = segment(parent, e.property);
    const constraints = Object.entries(e.constraints ?? {});
    const own: Flat[] = constraints.length
      ? [
          {
            field,
            detail: constraints.map(([name, message]) => OWN_WORDING[name]?.(field) ?? message).join('; '),
            codes: constraints.map(
              ([name]) => (e.contexts?.[name] as { problem?: ProblemCode } | undefined)?.problem ?? 'validation.failed',
            ),
          },
        ]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * ValidationPipe's `exceptionFactory`: one `validation.failed` problem listing every field error as
 * `{ field, detail }` (field a dotted path such as `consent.purposes[0]`), or the code every error
 * asks for when they all ask for the same one (a bad cursor alone is `validation.bad_cursor`).
 */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const flat = flatten(errors);
  const fieldErrors: FieldError[] = flat.map(({ field, detail }) => ({ field, detail }));
  const codes = new Set(flat.flatMap((f) => f.codes));
  const [only] = codes;
  if (codes.size === 1 && only !== 'validation.failed') {
    return problem(only, `${flat.map((f) => f.detail).join('; ')}.`, { errors: fieldErrors });
  }
  const fields = [...new Set(flat.map((f) => f.field))];
  const detail =
    fields.length === 1
      ? `The request is not valid: ${flat[0].detail}. Correct it and send the request again.`
      : `The request has ${fields.length} invalid fields (${fields.join(', ')}); see errors, correct them and send the request again.`;
  return problem('validation.failed', detail, { errors: fieldErrors });
}

/** `@Param('id', uuidParam('id'))`: a malformed id is a `validation.failed` naming the field, like a DTO's. */
export const uuidParam = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => {
      const detail = `${field} must be a UUID`;
      return problem('validation.failed', `The request is not valid: ${detail}. Correct it and send the request again.`, {
        errors: [{ field, detail }],
      });
    },
  });
