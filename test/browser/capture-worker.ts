import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { workerConfig } from '../support/test-environment';

/**
 * The real worker the browser journeys run beside the API: it subscribes to the simulated cameras'
 * events and captures clips, quickly (reconcile every second, 2 s of pre- and post-roll) so that a
 * journey meets real footage within seconds. `name` keeps each spec's worker id apart.
 */
export function startCaptureWorker(name: string, databaseUrl: string, spoolDir: string): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    WorkerModule.forRoot(
      workerConfig({
        DATABASE_URL: databaseUrl,
        WORKER_ID: name,
        CLIP_SPOOL_DIR: spoolDir,
        INGEST_RECONCILE_MS: '1000',
        CLIP_PRE_ROLL_S: '2',
        CLIP_POST_ROLL_S: '2',
      }),
    ),
    { logger: ['error'], abortOnError: false },
  );
}
