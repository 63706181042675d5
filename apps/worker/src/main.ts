import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ConfigurationError } from '@wardwatch/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // An application context, not an HTTP server: the worker only consumes queues and cameras.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  app.enableShutdownHooks();
  new Logger('Bootstrap').log('wardwatch worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
