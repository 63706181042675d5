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

/** The migrated template every test database is copied from. */
export const TEMPLATE_DATABASE = 'wardwatch_test';

export function apiConfig(overrides: Partial<Record<keyof ApiConfig, string>> = {}): ApiConfig {
  return loadConfig(ApiConfig, { ...testEnvironment(), ...overrides });
}

export function workerConfig(overrides: Partial<Record<keyof WorkerConfig, string>> = {}): WorkerConfig {
  return loadConfig(WorkerConfig, { ...testEnvironment(), ...overrides });
}

export function coreConfig(overrides: Partial<Record<keyof CoreConfig, string>> = {}): CoreConfig {
  return loadConfig(CoreConfig, { ...testEnvironment(), ...overrides });
}
