import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ParameterObject, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '../http/api-prefix';
import { SESSION_COOKIE } from '../auth/session-cookies';
import { problemResponse, type ProblemStatus } from './api-problems';

/** The tags, in the order the docs show them, each with what it is for. */
export const API_TAGS: readonly { name: string; description: string }[] = [
  {
    name: 'auth',
    description:
      'Sign in (a short-lived bearer token for API clients, a cookie session for the web app), sign out, ' +
      'change your password, residents’ self-registration, who you are; residents delete their own account',
  },
  { name: 'users', description: 'Accounts and roles (admins); staff accounts and staff roles need a second admin to confirm' },
  {
    name: 'cameras',
    description:
      'Residents enrol their cameras over ONVIF, see a snapshot, set the direction of view, decide what they share (versioned consent) and remove them; camera networks',
  },
  { name: 'footage', description: 'Residents’ own clips and play links; integrity checks of what is stored' },
  { name: 'places', description: 'Wards (boundaries) and their streets (the gazetteer), imported by admins from GeoJSON' },
  { name: 'search', description: 'Officers find cameras with events near a place in a time window; audited, never footage by itself' },
  { name: 'investigations', description: 'Cases, their members, the footage requests filed for them and the clips released to them' },
  { name: 'footage-requests', description: 'The approval path of a request: supervisor first, then each camera’s owner' },
  { name: 'evidence', description: 'Evidence archives of a release, with the chain of custody, checkable offline' },
  { name: 'notifications', description: 'Your own notifications (a request awaits your answer, a decision was made) and e-mail settings' },
  { name: 'audit', description: 'The tamper-evident audit log: filter, export, verify the hash chain, flags to review (supervisors)' },
  {
    name: 'transparency',
    description: 'The public report: per month and ward, how the programme was used, counted from the audit log, small counts suppressed',
  },
  { name: 'settings', description: 'What the web app needs before anyone signs in: the ward’s name, time zone and map features' },
  { name: 'map', description: 'What the map needs besides the vector layers: the optional offline basemap (PMTiles)' },
  { name: 'operations', description: 'Health for load balancers, Prometheus metrics for the scraper' },
];

export const BEARER_SCHEME = 'bearer';
export const METRICS_SCHEME = 'metrics-token';
export const SESSION_SCHEME = 'session';

/**
 * A placeholder id for an operation that declares none: it is not camelCase, so the contract test
 * names the route (every operation must say `@ApiOperation({ operationId })` itself, so that ids
 * stay stable when a controller or method is renamed).
 */
const missingOperationId = (controller: string, method: string) => `MISSING_OPERATION_ID_${controller}_${method}`;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Every operation of the document with its path and method. */
export function operationsOf(document: OpenAPIObject): { path: string; method: (typeof METHODS)[number]; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] as OperationObject })),
  );
}

/**
 * The error responses every route of a kind can give, so that no route forgets them: input is
 * validated (400), a path parameter names something that may not exist (404), a JSON body may be
 * over the limit (413), and anything may fail unexpectedly (500, with its errorId). A route's own
 * description of the same status wins.
 */
function addCommonProblems(document: OpenAPIObject): void {
  for (const { operation } of operationsOf(document)) {
    const parameters = (operation.parameters ?? []) as ParameterObject[];
    const common: ProblemStatus[] = [];
    if (parameters.length > 0 || operation.requestBody) common.push(400);
    if (parameters.some((p) => p.in === 'path')) common.push(404);
    if (operation.requestBody) common.push(413);
    common.push(500);
    for (const status of common) operation.responses[status] ??= problemResponse(status);
    // Keys in status order, so the document reads (and diffs) the same every time.
    operation.responses = Object.fromEntries(Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * The OpenAPI document of the API, as /api/v1/docs and /api/v1/openapi.json serve it and as
 * `npm run openapi` writes it to apps/api/openapi.json. Paths are written without the version
 * prefix, which is the one server (`/api/v1`, same origin as the web app): the version is where
 * this contract is mounted, not part of each resource's name, and a v2 would be a document of its own.
 * Works on an app created with `preview: true` (no database, no Redis): only metadata is read.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('wardwatch API')
    .setDescription(
      'Residents enrol cameras with consent; officers search events and request footage for investigations; ' +
        'supervisors approve and audit. Every footage access is recorded in a tamper-evident audit log.\n\n' +
        'Lists answer `{ items, next }`: pass `next` back as `cursor` for the following page (null on the last). ' +
        'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`. ' +
        'Instants are answered in UTC; date-times sent without an offset are read in the ward’s time zone.',
    )
    .setVersion('0.1.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer(API_PREFIX, 'This API, on the same origin as the web app')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /auth/login' }, BEARER_SCHEME)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The scrape token configured as METRICS_TOKEN' }, METRICS_SCHEME)
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description:
          'The web app’s HttpOnly session cookie, from POST /auth/session. Unsafe methods made with it must ' +
          'send the session’s CSRF token (the __Host-wardwatch_csrf cookie) in the X-CSRF-Token header',
      },
      SESSION_SCHEME,
    );
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    ignoreGlobalPrefix: true,
    operationIdFactory: missingOperationId,
  });
  addCommonProblems(document);
  for (const { operation } of operationsOf(document)) {
    // Public routes (@Public: health, login, registration) need no credentials: said as `security: []`,
    // since Nest leaves the key out. The contract test checks this against each route's access policy.
    operation.security ??= [];
  }
  return document;
}
