import { ApiError, type ProblemCode } from '../api';

/**
 * The field errors of a refused form, for each input's `error`: the API's `errors[]` (validation.failed)
 * and the problem codes that are about one field (`byCode`, e.g. account.email_taken on the e-mail).
 * Each field shows the page's own words for it (`words`), in the reader's language; a field the page
 * has no words for shows the API's detail rather than nothing.
 */
export function fieldErrors<F extends string>(
  error: unknown,
  words: Record<F, string>,
  byCode: Partial<Record<ProblemCode, { field: NoInfer<F>; message: string }>> = {},
): Partial<Record<F, string>> {
  if (!(error instanceof ApiError)) return {};
  const out: Partial<Record<F, string>> = {};
  for (const e of error.fieldErrors) {
    const field = e.field as F;
    out[field] ??= field in words ? words[field] : e.detail;
  }
  const coded = error.code ? byCode[error.code] : undefined;
  if (coded) out[coded.field] ??= coded.message;
  return out;
}
