import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { OpenAPIObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { API_BASE_PATH } from '@wardwatch/api-client';
import { API_CONTROLLERS } from '../api.module';
import { ACCESS_POLICY, type AccessPolicy } from '../auth/access-policy';
import { API_PREFIX } from '../http/api-prefix';
import { PROBLEM_JSON } from '../http/problem-details.dto';
import { createDocumentApp, DOCUMENT_FILE, renderDocument, REPO_ROOT } from './contract';
import { BEARER_SCHEME, buildOpenApiDocument, METRICS_SCHEME, operationsOf, SESSION_SCHEME } from './openapi-document';

const run = promisify(execFile);
const PROBLEM_REF = '#/components/schemas/ProblemDetails';

/**
 * Warnings accepted in redocly.yaml, each with its reason there; any other warning fails.
 * Keep the two lists together.
 */
const ACCEPTED_WARNINGS = [
  'operation-4xx-response #/paths/~1health/get/responses',
  'operation-4xx-response #/paths/~1settings/get/responses',
];

/**
 * Lists complete in one answer (`wholeList` in http/page.ts, bounded by nature: a camera's consent
 * versions, the allowed networks, the wards, one period's flags): the same `{ items, next }` envelope
 * with `next` always null, and no cursor/limit to pass.
 */
const WHOLE_LISTS = new Set(['listCameraConsents', 'listCameraNetworks', 'listWards', 'listAuditFlags']);

const schemaOf = (document: OpenAPIObject, s: SchemaObject | ReferenceObject | undefined): SchemaObject | undefined => {
  if (!s || !('$ref' in s)) return s;
  return document.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] as SchemaObject | undefined;
};

describe('the OpenAPI document and the typed client', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  let text: string;

  beforeAll(async () => {
    app = await createDocumentApp();
    await app.init();
    document = buildOpenApiDocument(app);
    text = renderDocument(document);
  });
  afterAll(() => app.close());

  describe('checked in and current', () => {
    it('apps/api/openapi.json is the document the app builds (run `npm run openapi` when this fails)', () => {
      expect(readFileSync(DOCUMENT_FILE, 'utf8')).toBe(text);
    });

    it('`npm run openapi -- --check` finds the document and the client schema current', async () => {
      // The real command, as CI and developers run it (openapi-typescript cannot load inside jest).
      const { stdout } = await run(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/openapi.ts', '--check'],
        { cwd: REPO_ROOT },
      ).catch((e: { stdout?: string; stderr?: string }) => {
        throw new Error(`npm run openapi -- --check failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      });
      expect(stdout).toContain('apps/api/openapi.json: up to date');
      expect(stdout).toContain('libs/api-client/src/schema.d.ts: up to date');
    }, 120_000);

    it('the client adds the prefix the document names as its one server', () => {
      expect(document.servers).toEqual([expect.objectContaining({ url: API_PREFIX })]);
      expect(API_BASE_PATH).toBe(API_PREFIX);
    });
  });

  it('passes Redocly’s recommended rules: 0 errors, only the accepted warnings, without touching the network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wardwatch-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, text);
      const { stdout, stderr } = await run(
        process.execPath,
        [
          '--require',
          resolve(REPO_ROOT, 'scripts/no-network.cjs'),
          resolve(REPO_ROOT, 'node_modules/@redocly/cli/bin/cli.js'),
          'lint',
          file,
          '--config',
          resolve(REPO_ROOT, 'redocly.yaml'),
          '--format=json',
        ],
        // Telemetry and the update check are the CLI's only network use; both off, and the preload proves it.
        { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 1 << 24 },
      ).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
      expect(stderr).not.toContain('NETWORK ATTEMPT');
      const result = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      };
      const seen = (severity: string) =>
        result.problems.filter((p) => p.severity === severity).map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
      expect(seen('error')).toEqual([]);
      expect(result.totals.errors).toBe(0);
      expect(seen('warn').sort()).toEqual([...ACCEPTED_WARNINGS].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  describe('the document and the routes agree', () => {
    it('every route Nest serves is documented, and every documented operation is a route', () => {
      const express = app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      };
      const served = express.router.stack
        .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => ({ m, path: layer.route!.path })) : []))
        // Middleware mounted for every method (metrics) is not a route.
        .filter(({ path }) => path !== API_PREFIX)
        .map(({ m, path }) => `${m.toUpperCase()} ${path.slice(API_PREFIX.length).replace(/:(\w+)/g, '{$1}')}`)
        .sort();
      const documented = operationsOf(document)
        .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
        .sort();
      expect(served.length).toBeGreaterThan(40);
      expect(documented).toEqual(served);
    });

    it('every operation has its own stable camelCase operationId, a summary and a described tag', () => {
      const ids = operationsOf(document).map(({ operation }) => operation.operationId);
      expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]+$/.test(id ?? ''))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      const tags = new Map((document.tags ?? []).map((t) => [t.name, t.description]));
      for (const { operation } of operationsOf(document)) {
        expect({ id: operation.operationId, summary: !!operation.summary, tags: operation.tags?.length }).toEqual({
          id: operation.operationId,
          summary: true,
          tags: 1,
        });
        expect(tags.get(operation.tags![0])).toEqual(expect.any(String));
      }
    });

    it('every path parameter is declared, required and typed (ids are UUIDs)', () => {
      for (const { path, operation } of operationsOf(document)) {
        const declared = ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'path');
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect({ op: operation.operationId, names: declared.map((p) => p.name).sort() }).toEqual({
          op: operation.operationId,
          names: [...inPath].sort(),
        });
        for (const p of declared) {
          expect({ op: operation.operationId, p: p.name, required: p.required, schema: p.schema }).toEqual({
            op: operation.operationId,
            p: p.name,
            required: true,
            schema: { type: 'string', format: 'uuid' },
          });
        }
      }
    });

    it('every operation has a success response with a schema (204: no body)', () => {
      for (const { operation } of operationsOf(document)) {
        const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        expect({ op: operation.operationId, count: success.length }).toEqual({ op: operation.operationId, count: 1 });
        const [status, response] = success[0] as [string, { content?: Record<string, { schema?: unknown }> }];
        if (status === '204') {
          expect(response.content).toBeUndefined();
          continue;
        }
        const media = Object.values(response.content ?? {});
        expect({ op: operation.operationId, schemas: media.length > 0 && media.every((m) => !!m.schema) }).toEqual({
          op: operation.operationId,
          schemas: true,
        });
      }
    });

    it('every list answers the { items, next } envelope; paged lists take cursor and limit', () => {
      const lists = operationsOf(document).filter(
        ({ method, operation }) => method === 'get' && /^(list|search)/.test(operation.operationId!),
      );
      expect(lists.length).toBeGreaterThan(15);
      for (const { operation } of lists) {
        const id = operation.operationId!;
        const ok = operation.responses['200'] as { content: Record<string, { schema: SchemaObject | ReferenceObject }> };
        const page = schemaOf(document, ok.content['application/json'].schema)!;
        expect({ id, required: [...(page.required ?? [])].filter((r) => r === 'items' || r === 'next').sort() }).toEqual({
          id,
          required: ['items', 'next'],
        });
        expect({ id, items: (page.properties!.items as SchemaObject).type }).toEqual({ id, items: 'array' });
        expect({ id, next: page.properties!.next }).toEqual({ id, next: expect.objectContaining({ type: 'string', nullable: true }) });
        const query = ((operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'query').map((p) => p.name);
        const paged = ['cursor', 'limit'].every((name) => query.includes(name));
        expect({ id, paged }).toEqual({ id, paged: !WHOLE_LISTS.has(id) });
      }
      // And nothing else answers a bare array from a GET: a list is always the envelope.
      for (const { method, operation } of operationsOf(document)) {
        if (method !== 'get') continue;
        const ok = operation.responses['200'] as { content?: Record<string, { schema: SchemaObject | ReferenceObject }> } | undefined;
        const schema = schemaOf(document, ok?.content?.['application/json']?.schema);
        expect({ op: operation.operationId, type: schema?.type }).not.toEqual({ op: operation.operationId, type: 'array' });
      }
    });

    it('every error response is problem+json with the one ProblemDetails schema; 500 everywhere', () => {
      for (const { operation } of operationsOf(document)) {
        const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
        expect({ op: operation.operationId, has500: errors.some(([s]) => s === '500') }).toEqual({
          op: operation.operationId,
          has500: true,
        });
        for (const [status, response] of errors) {
          const content = (response as { content?: Record<string, { schema: unknown }> }).content ?? {};
          expect({ op: operation.operationId, status, media: Object.keys(content), ref: content[PROBLEM_JSON]?.schema }).toEqual({
            op: operation.operationId,
            status,
            media: [PROBLEM_JSON],
            ref: { $ref: PROBLEM_REF },
          });
        }
      }
      const problem = document.components!.schemas!.ProblemDetails as SchemaObject;
      expect(Object.keys(problem.properties!).sort()).toEqual([
        'code',
        'detail',
        'errorId',
        'errors',
        'instance',
        'status',
        'title',
        'type',
      ]);
      expect([...problem.required!].sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    });

    it('status and security follow each handler: its success status, and bearer for roles, the metrics token on /metrics, none when public', () => {
      const byRoute = new Map<string, { policy: AccessPolicy; status: number }>();
      for (const controller of API_CONTROLLERS) {
        const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
        const prototype = controller.prototype as unknown as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
          const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((p) => p && p !== '/').join('/')}`
            .replace(/\/+/g, '/')
            .replace(/:(\w+)/g, '{$1}');
          const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, controller)) as AccessPolicy;
          // The status Nest answers with: @HttpCode, else 201 for POST and 200 otherwise.
          const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
          byRoute.set(`${method} ${path}`, { policy, status });
        }
      }
      const expected = {
        public: [],
        roles: [{ [BEARER_SCHEME]: [] }, { [SESSION_SCHEME]: [] }],
        'metrics-token': [{ [METRICS_SCHEME]: [] }],
      };
      for (const { path, method, operation } of operationsOf(document)) {
        const route = byRoute.get(`${method} ${path}`);
        expect({ op: operation.operationId, policy: !!route }).toEqual({ op: operation.operationId, policy: true });
        const policy = route?.policy;
        const success = Object.keys(operation.responses).filter((s) => s.startsWith('2'));
        expect({ op: operation.operationId, success }).toEqual({ op: operation.operationId, success: [String(route!.status)] });
        expect({ op: operation.operationId, security: operation.security }).toEqual({
          op: operation.operationId,
          security: expected[policy!.kind],
        });
        const statuses = Object.keys(operation.responses);
        if (policy!.kind === 'roles')
          expect({ op: operation.operationId, s: ['401', '403'].every((s) => statuses.includes(s)) }).toEqual({
            op: operation.operationId,
            s: true,
          });
      }
      const publicOps = operationsOf(document).filter(({ operation }) => operation.security?.length === 0);
      expect(publicOps.map(({ operation }) => operation.operationId).sort()).toEqual([
        'checkHealth',
        'getPublicSettings',
        'getTransparencyReport',
        'getTransparencyReportCsv',
        'login',
        'openSession',
        'registerResident',
      ]);
    });

    it('request bodies carry examples', () => {
      const withoutExample: string[] = [];
      for (const { operation } of operationsOf(document)) {
        const body = operation.requestBody as { content: Record<string, { schema: SchemaObject | ReferenceObject }> } | undefined;
        if (!body) continue;
        const schema = schemaOf(document, body.content['application/json'].schema)!;
        const hasExample = Object.values(schema.properties ?? {}).some((p) => 'example' in p || 'enum' in p || '$ref' in p);
        if (!hasExample) withoutExample.push(operation.operationId!);
      }
      expect(withoutExample).toEqual([]);
    });
  });
});
