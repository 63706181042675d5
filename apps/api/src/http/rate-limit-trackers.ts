import type { Request } from 'express';

export const addressTracker = (req: Record<string, unknown>): string => String((req as unknown as Request).ip ?? 'unknown');

/**
 * The e-mail tried (lower-cased), wherever the attempt comes from: guesses at one account spread
 * over many addresses still count together. (Someone can lock an account out for a minute this
 * way; that is the accepted price of bounding guesses.)
 */
export const accountTracker = (req: Record<string, unknown>): string => {
  const body = (req as unknown as Request).body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
  return email ? `account|${email}` : `address|${addressTracker(req)}`;
};
