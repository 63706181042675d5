import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * Where the API is mounted on its origin: the OpenAPI document's one server (apps/api/openapi.json).
 * The contract test checks the two agree. The client adds it, since schema.d.ts describes this version.
 */
export const API_BASE_PATH = '/api/v1';

export interface ApiClientOptions {
  /**
   * The API's origin, e.g. `https://ward.example` (or `window.location.origin` for the web app on the
   * same origin); requests go to `${baseUrl}/api/v1/...`.
   */
  baseUrl: string;
  /** A fetch to use instead of the global one (tests, or a wrapper that refreshes the session). */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every request (e.g. `{ Authorization: 'Bearer …' }`). */
  headers?: Record<string, string>;
}

export type ApiClient = Client<paths>;

/**
 * A typed client over openapi-fetch: paths, parameters, bodies and answers are checked against the
 * API's document at compile time. `const { data, error } = await api.GET('/cameras/{id}', { params: { path: { id } } })`.
 * Errors arrive as `error` (problem details), never thrown; only network failures throw.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  return createClient<paths>({
    baseUrl: `${options.baseUrl.replace(/\/+$/, '')}${API_BASE_PATH}`,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}
