/**
 * Every API route lives under this prefix (health, metrics and the OpenAPI document too), so that
 * `/` stays free for the web app served from the same origin, and a later `/api/v2` can live beside it.
 */
export const API_PREFIX = '/api/v1';

/** Swagger UI (only where API_DOCS_ENABLED). */
export const DOCS_PATH = `${API_PREFIX}/docs`;

/** The OpenAPI document as JSON (only where API_DOCS_ENABLED); the generated client is built from it. */
export const OPENAPI_DOCUMENT_PATH = `${API_PREFIX}/openapi.json`;
