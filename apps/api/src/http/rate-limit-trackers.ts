import type { Request } from 'express';

export const addressTracker = (req: Record<string, unknown>): string => String((req as unknown as Request).ip ?? 'unknown');

/** Address plus the e-mail tried (lower-cased), so one account's guesses are counted wherever they come from in turn. */
export const accountTracker = (req: Record<string, unknown>): string => {
  const body = (req as unknown as Request).body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
  return `${addressTracker(req)}|${email}`;
};
