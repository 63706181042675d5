/**
 * The checked-in API contract: apps/api/openapi.json and the typed client's schema generated from
 * it (libs/api-client/src/schema.d.ts, by scripts/openapi.ts: openapi-typescript is ES modules
 * underneath, which jest cannot load, so the tests run that script rather than import it).
 * Development tooling only: excluded from the app build (apps/api/tsconfig.app.json).
 */
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiConfig } from '@wardwatch/config';
import { ApiModule } from '../api.module';
import { API_PREFIX } from '../http/api-prefix';
import { buildOpenApiDocument } from './openapi-document';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const DOCUMENT_FILE = resolve(REPO_ROOT, 'apps/api/openapi.json');
export const CLIENT_SCHEMA_FILE = resolve(REPO_ROOT, 'libs/api-client/src/schema.d.ts');

/**
 * The API module in Nest's preview mode: the module graph and every controller's metadata, but no
 * provider is instantiated, so nothing connects to PostgreSQL, Redis or the object store and no
 * configuration is read (an empty ApiConfig stands in: the document depends on no setting).
 */
export async function createDocumentApp(): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(new ApiConfig()), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX.slice(1));
  return app;
}

export async function currentDocument(): Promise<OpenAPIObject> {
  const app = await createDocumentApp();
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The document as it is checked in: 2-space JSON with a final newline (what prettier writes too). */
export const renderDocument = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;
