import { resolve } from 'node:path';
import { ApiConfig, CoreConfig, loadConfig, readEnvironment, WorkerConfig } from '@wardwatch/config';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** config/test.env overlaid by the real environment, as every test process sees it. */
export function testEnvironment(): Record<string, string | undefined> {
  return readEnvironment({ ...process.env, NODE_ENV: 'test', WARDWATCH_ENV_FILE: undefined }, REPO_ROOT);
}

/** The owner's URL for a database name on the test server (postgres superuser locally). */
export function ownerUrl(database: string): string {
  const url = new URL(testEnvironment().DATABASE_MIGRATION_URL ?? 'postgres://postgres@127.0.0.1:5432/wardwatch_test');
  url.pathname = `/${database}`;
  return url.toString();
}

export function appUrl(database: string): string {
  const url = new URL(testEnvironment().DATABASE_URL ?? 'postgres://wardwatch_app@127.0.0.1:5432/wardwatch_test');
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * This run's id: set by the global setup (its process id) and inherited by the jest workers, so two
 * test runs on one machine use their own template and databases and never drop each other's.
 */
export function testRunId(): string {
  return process.env.WARDWATCH_TEST_RUN ?? 'adhoc';
}

/** The migrated template every test database of this run is copied from. */
export function templateDatabase(): string {
  return `wardwatch_tpl_${testRunId()}`;
}

/** Test databases are named after their run, so a run can tell its own leftovers from a live run's. */
export function testDatabasePrefix(): string {
  return `wardwatch_t_${testRunId()}_`;
}

type Overrides<T> = Partial<Record<keyof T, string>>;

/** BullMQ keys per test database: files running side by side must not take each other's jobs. */
function withQueuePrefix<T>(overrides: Overrides<T> & { DATABASE_URL?: string; QUEUE_PREFIX?: string }): Overrides<T> {
  if (overrides.QUEUE_PREFIX || !overrides.DATABASE_URL) return overrides;
  const database = new URL(overrides.DATABASE_URL).pathname.slice(1);
  return { ...overrides, QUEUE_PREFIX: `wardwatch-${database}` };
}

export function apiConfig(overrides: Overrides<ApiConfig> = {}): ApiConfig {
  return loadConfig(ApiConfig, { ...testEnvironment(), ...withQueuePrefix(overrides) });
}

export function workerConfig(overrides: Overrides<WorkerConfig> = {}): WorkerConfig {
  return loadConfig(WorkerConfig, { ...testEnvironment(), ...withQueuePrefix(overrides) });
}

export function coreConfig(overrides: Overrides<CoreConfig> = {}): CoreConfig {
  return loadConfig(CoreConfig, { ...testEnvironment(), ...withQueuePrefix(overrides) });
}
