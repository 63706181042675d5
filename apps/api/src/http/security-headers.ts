import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { ApiConfig } from '@wardwatch/config';
import { DOCS_PATH } from './api-prefix';

/**
 * Security headers for every response, with a Content-Security-Policy written for the web app that
 * will be served from this origin: its own scripts and styles only (no inline code, no CDN), images,
 * video and downloads also from the object store's public endpoint (residents' presigned links, and
 * where officers' links, `/api/v1/links/{id}` on this origin, redirect to: the browser checks the
 * redirect's target against media-src and img-src too), no framing by anyone (clickjacking), no plugins. Referrers are never sent, so a presigned
 * URL or a camera id in a path does not leak to another site.
 *
 * HSTS and `upgrade-insecure-requests` are sent in production only: every documented deployment
 * terminates TLS at a reverse proxy in front of the API, while development and tests speak plain
 * HTTP on loopback, where a browser that learnt HSTS for `localhost` would break other local
 * servers. The proxy may set HSTS as well (see deploy/README.md); the values agree.
 *
 * Swagger UI (only where API_DOCS_ENABLED) needs inline styles and `data:` images, so its pages
 * get the same policy with those two additions; nothing else does.
 *
 * The web app's component library (Mantine) adds a few `<style>` elements at run time (theme
 * variables, responsive props). Rather than allow inline styles, every response gets a fresh nonce
 * (`res.locals.cspNonce`) in `style-src`; the page served at `/` carries it (web-app.ts) and the
 * app hands it to Mantine, so only style elements made by the app's own scripts apply. Scripts
 * need no nonce: the app loads nothing but its own files. (`style` attributes set from script, as
 * React does, are CSSOM and not governed by style-src.)
 */
export function securityHeaders(config: Pick<ApiConfig, 'NODE_ENV' | 'S3_PUBLIC_ENDPOINT'>): RequestHandler {
  const production = config.NODE_ENV === 'production';
  const objectStore = new URL(config.S3_PUBLIC_ENDPOINT).origin;
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
    imgSrc: ["'self'", 'data:', 'blob:', objectStore],
    mediaSrc: ["'self'", 'blob:', objectStore],
    connectSrc: ["'self'", objectStore],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: production ? [] : null,
  };
  const options = (styleSrc: typeof directives.styleSrc) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { ...directives, styleSrc } },
      strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });
  const app = options(directives.styleSrc);
  const docs = options(["'self'", "'unsafe-inline'"]);
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    (req.path === DOCS_PATH || req.path.startsWith(`${DOCS_PATH}/`) ? docs : app)(req, res, next);
  };
}
