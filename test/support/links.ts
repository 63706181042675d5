import type { ApiHarness, TestUser } from './api-harness';

/** What opening a link answered: the API's answer, and when it redirected, what the store gave. */
export interface OpenedLink {
  /** The API's status: 302 when it let the user through. */
  status: number;
  /** The API's body (a problem) when it refused. */
  body: Record<string, unknown>;
  location: string | null;
  cacheControl: string | null;
  /** After the redirect: the store's status, bytes and Content-Disposition. */
  store: { status: number; bytes: Buffer; disposition: string | null } | null;
}

/**
 * Opens a link as a browser would: `url` is what POST /clips/{id}/links answered (the API's own path,
 * `/api/v1/links/{id}`), sent with the user's bearer token or a session cookie; a 302 is followed to
 * the object store, whose answer is read in full.
 */
export async function openLink(h: ApiHarness, url: string, as: TestUser | { cookie: string }): Promise<OpenedLink> {
  let req = h.raw().get(url).redirects(0);
  req = 'cookie' in as ? req.set('Cookie', as.cookie) : req.set('Authorization', `Bearer ${as.token}`);
  const res = await req;
  const location = res.status === 302 ? res.headers.location : null;
  let store: OpenedLink['store'] = null;
  if (location) {
    const fetched = await fetch(location);
    store = {
      status: fetched.status,
      bytes: Buffer.from(await fetched.arrayBuffer()),
      disposition: fetched.headers.get('content-disposition'),
    };
  }
  return {
    status: res.status,
    body: res.body as Record<string, unknown>,
    location,
    cacheControl: res.headers['cache-control'] ?? null,
    store,
  };
}

/** The bytes behind a link the user may open (fails the test when the API or the store refuses). */
export async function linkBytes(h: ApiHarness, url: string, as: TestUser | { cookie: string }): Promise<Buffer> {
  const opened = await openLink(h, url, as);
  if (opened.status !== 302 || !opened.store || opened.store.status !== 200) {
    throw new Error(`opening ${url} answered ${opened.status} ${JSON.stringify(opened.body)}; store ${opened.store?.status ?? '-'}`);
  }
  return opened.store.bytes;
}
