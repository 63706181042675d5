/**
 * The one place the web app talks to the API. Pages and hooks call the functions in this folder,
 * never `fetch`; when the generated client (@wardwatch/api-client) lands, only this folder changes.
 *
 * Same origin, so the browser sends the session cookie by itself; every unsafe request echoes the
 * CSRF cookie in X-CSRF-Token (apps/api/src/auth/session-cookies.ts).
 */
export const API_BASE = '/api/v1';
const CSRF_COOKIE = '__Host-wardwatch_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A refused request, read from the API's error body (RFC 9457 problem details, or the older `{ statusCode, message }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable machine code when the API gives one (e.g. csrf_token_invalid). */
    readonly code: string | undefined,
    detail: string,
    readonly fieldErrors: { field: string; detail: string }[] = [],
    readonly errorId?: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The network itself failed (offline, server down): no answer to read. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

function csrfToken(): string | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : undefined;
}

interface ErrorBody {
  status?: number;
  statusCode?: number;
  code?: string;
  detail?: string;
  message?: string | string[];
  errors?: { field: string; detail: string }[];
  errorId?: string;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const detail = body.detail ?? (Array.isArray(body.message) ? body.message.join('; ') : body.message) ?? response.statusText;
  return new ApiError(response.status, body.code, detail, body.errors ?? [], body.errorId);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
