import type { CookieOptions, Response } from 'express';

/**
 * The web app's session, in two cookies (both `__Host-`: Secure, Path=/, no Domain, so neither a
 * sibling subdomain nor plain HTTP can set or read them):
 * - SESSION_COOKIE: the opaque session token; HttpOnly, so page scripts never see it.
 * - CSRF_COOKIE: the session's CSRF token (an HMAC of the session token); readable by the page,
 *   which echoes it in the CSRF_HEADER of every unsafe request. A cross-site page can make the
 *   browser send cookies (SameSite=Strict already stops that in current browsers) but cannot read
 *   this one, so it cannot set the header.
 * Browsers treat http://localhost and 127.0.0.1 as secure contexts, so Secure cookies also work in
 * development and the tests without TLS.
 */
export const SESSION_COOKIE = '__Host-wardwatch_session';
export const CSRF_COOKIE = '__Host-wardwatch_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change state: cookie-authenticated ones need the CSRF header. */
export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const base: CookieOptions = { secure: true, sameSite: 'strict', path: '/' };

export function setSessionCookies(res: Response, session: { token: string; csrfToken: string; expiresAt: Date }): void {
  res.cookie(SESSION_COOKIE, session.token, { ...base, httpOnly: true, expires: session.expiresAt });
  res.cookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false, expires: session.expiresAt });
}

export function clearSessionCookies(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false });
}

/** One cookie's value from a Cookie header, or undefined (no cookie-parser needed for two names). */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
