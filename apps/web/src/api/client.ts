import { createApiClient, type ApiClient } from '@wardwatch/api-client';
import { NetworkError } from './problems';

/**
 * The web app's one client of the API: the generated @wardwatch/api-client (openapi-fetch over the
 * API's OpenAPI document), so a page cannot call an endpoint or send a body the API does not have.
 *
 * Same origin: the browser sends the session cookie by itself (`credentials: 'same-origin'`), and
 * every unsafe request echoes the CSRF cookie in X-CSRF-Token (apps/api/src/auth/session-cookies.ts).
 */
const CSRF_COOKIE = '__Host-wardwatch_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function csrfToken(): string | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** The browser's fetch, with the cookie policy said explicitly, no HTTP cache, and a failed network as NetworkError. */
async function sameOriginFetch(request: Request): Promise<Response> {
  try {
    return await fetch(new Request(request, { credentials: 'same-origin', cache: 'no-store' }));
  } catch (error) {
    throw new NetworkError(error);
  }
}

export const api: ApiClient = createApiClient({ baseUrl: window.location.origin, fetch: sameOriginFetch });

api.use({
  onRequest({ request }) {
    if (!UNSAFE.has(request.method)) return undefined;
    const token = csrfToken();
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
});
