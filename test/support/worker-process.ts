import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './test-environment';

/**
 * The worker's real entry point in a process of its own, so that a test can kill it (SIGKILL: it
 * gives back nothing, unsubscribes nothing) as a crash would. `databaseUrl` and `queuePrefix` make
 * it one of the test's installation's workers (leases live under the queue prefix); `env` adds
 * settings. Its output is discarded; `LOG_LEVEL` is warn.
 */
export function spawnWorkerProcess(
  databaseUrl: string,
  queuePrefix: string,
  workerId: string,
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: queuePrefix,
      WORKER_ID: workerId,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
}
