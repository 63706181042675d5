import type { Writable } from 'node:stream';
import { INestApplication, Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { ClassTransformOptions } from 'class-transformer';
import { Logger } from 'nestjs-pino';
import { ApiConfig, trustProxySetting } from '@wardwatch/config';
import { ApiModule } from './api.module';
import { API_PREFIX, DOCS_PATH, OPENAPI_DOCUMENT_PATH } from './http/api-prefix';
import { bodyParserProblems, importBodyParser } from './http/http-exception.filter';
import { securityHeaders } from './http/security-headers';
import { validationProblem } from './http/validation-problem';
import { serveWebApp } from './http/web-app';
import { buildOpenApiDocument } from './openapi/openapi-document';
import type { WardTransformOptions } from './http/ward-date-time';

export { API_PREFIX, DOCS_PATH, OPENAPI_DOCUMENT_PATH } from './http/api-prefix';

/** The routes that take HTTP_IMPORT_BODY_LIMIT instead of HTTP_BODY_LIMIT (express paths; the controllers accept POST there only). */
const IMPORT_ROUTES = [`${API_PREFIX}/wards/import`, `${API_PREFIX}/wards/:id/streets/import`];

/**
 * Builds the API application with every global it runs with, so that tests exercise exactly what
 * production serves. Pass `config` to skip reading the environment (tests).
 */
export async function createApiApp(config?: ApiConfig, logDestination?: Writable): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logDestination), {
    bufferLogs: true,
    bodyParser: false,
  });
  const settings = app.get(ApiConfig);
  app.useLogger(app.get(Logger));
  // Logs buffered during start-up are otherwise held until listen(); tests and CLIs never listen.
  app.flushLogs();
  app.enableShutdownHooks();
  // Only the configured proxies' X-Forwarded-For is believed (validated by the config schema), so
  // req.ip (rate-limit buckets, audit) is the real client behind them and cannot be spoofed otherwise.
  app.set('trust proxy', trustProxySetting(settings.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(securityHeaders(settings));
  // The web app at `/` (static files and the page for client routes); everything under /api/ is the API's.
  serveWebApp(app, settings.WEB_DIST_DIR, new NestLogger('WebApp'));
  // The import routes (an OpenStreetMap export of a ward's streets is larger than the general
  // limit) read their JSON first, with a limit of their own; the general parser then skips them.
  app.use(IMPORT_ROUTES, importBodyParser(settings.HTTP_IMPORT_BODY_LIMIT, json({ limit: settings.HTTP_IMPORT_BODY_LIMIT, strict: true })));
  // JSON only, size-limited; anything larger is refused with 413 before it reaches a controller.
  app.useBodyParser('json', { limit: settings.HTTP_BODY_LIMIT, strict: true });
  // Its errors become problems here, with their kind (invalid JSON, too large ...) and none of its text.
  app.use(bodyParserProblems);
  // Every route (health and metrics included) under one versioned prefix; `/` is the web app's.
  app.setGlobalPrefix(API_PREFIX.slice(1));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      // One problem listing every field error as { field, detail }, in our words (validation-problem.ts).
      exceptionFactory: validationProblem,
      // Date-times without an offset are read in the ward's zone (ward-date-time.ts), never the server's.
      transformOptions: { wardTimeZone: settings.WARD_TIME_ZONE } as ClassTransformOptions & WardTransformOptions,
    }),
  );
  if (settings.API_DOCS_ENABLED === 'true') {
    const document = buildOpenApiDocument(app);
    // The UI and the JSON at full paths (setup does not add the global prefix); the document itself is
    // the checked-in apps/api/openapi.json (npm run openapi; a test keeps the two equal).
    SwaggerModule.setup(DOCS_PATH.slice(1), app, document, { jsonDocumentUrl: OPENAPI_DOCUMENT_PATH.slice(1) });
  }
  return app;
}
