import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { API_PREFIX } from './api-prefix';

/** Vite writes this into index.html (`html.cspNonce`); each answer replaces it with that response's nonce. */
export const CSP_NONCE_PLACEHOLDER = '__WARDWATCH_CSP_NONCE__';

/** Vite's content-hashed output: a file's name changes whenever its content does, so browsers may keep it for a year. */
const HASHED_ASSETS = '/assets/';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/') || path.startsWith(`${API_PREFIX}/`);

/**
 * Serves the built web app (apps/web/dist) at `/` on the API's own origin:
 * - hashed assets under /assets/ with a year-long immutable cache, other files revalidated;
 * - index.html for every other GET that is not a file (client routes such as /cameras), never cached,
 *   with this response's CSP nonce put in (Mantine's style elements carry it; see security-headers.ts);
 * - nothing under /api: unknown API paths keep answering the API's 404.
 * index.html is read when first asked for, so a build made after the API started is picked up.
 */
export function serveWebApp(app: NestExpressApplication, distDir: string, logger: Pick<Logger, 'warn' | 'log'>): void {
  const root = resolve(distDir);
  const indexFile = join(root, 'index.html');
  let template: string | undefined;
  const indexHtml = (): string | undefined => {
    if (template === undefined && existsSync(indexFile)) template = readFileSync(indexFile, 'utf8');
    return template;
  };
  if (indexHtml()) logger.log({ root }, 'serving the web app at /');
  else logger.warn({ root }, 'the web app is not built (run npm run web:build); / answers 404 until it is');

  // The page: `/`, `/index.html` and any client route (a path without a file extension), never under /api or /assets.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (isApiPath(req.path) || req.path.startsWith(HASHED_ASSETS)) return next();
    if (extname(req.path) !== '' && req.path !== '/index.html') return next();
    const html = indexHtml();
    if (!html) return next();
    const nonce = (res.locals as { cspNonce?: string }).cspNonce ?? '';
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html.split(CSP_NONCE_PLACEHOLDER).join(nonce));
  });
  // Then files (a missing one falls through to the API's 404, so a stale tab asking for an old chunk fails clearly).
  app.useStaticAssets(root, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res: Response, path: string) => {
      res.setHeader('Cache-Control', path.startsWith(join(root, 'assets') + '/') ? IMMUTABLE : 'no-cache');
    },
  });
}
