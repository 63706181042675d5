// The typed client of the wardwatch API. Browser-safe: no Node-only import here or in what it uses.
export { API_BASE_PATH, createApiClient, type ApiClient, type ApiClientOptions } from './client';
export type { components, operations, paths } from './schema';

import type { components } from './schema';
/** Every error body of the API (RFC 9457 problem details). */
export type ProblemDetails = components['schemas']['ProblemDetails'];
