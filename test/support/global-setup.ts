import 'tsconfig-paths/register';
import { Client } from 'pg';
import { runMigrations } from '@wardwatch/database';
import { ownerUrl, templateDatabase } from './test-environment';

/** True while the process that owns a test run is still alive. */
function runIsAlive(runId: string): boolean {
  const pid = Number(runId);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Once per test run: rebuild this run's template database from the migrations, so every integration
 * test file starts from exactly the schema production gets (immich's "medium tests" habit). The run
 * id (this process's pid) reaches the jest workers through the environment, so test runs side by
 * side keep to their own databases; leftovers of runs that are no longer alive are dropped.
 */
export default async function globalSetup(): Promise<void> {
  process.env.WARDWATCH_TEST_RUN = String(process.pid);
  const admin = new Client({ connectionString: ownerUrl('postgres') });
  await admin.connect();
  try {
    const existing = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'wardwatch\\_t\\_%' OR datname LIKE 'wardwatch\\_tpl\\_%' OR datname = 'wardwatch_test'`,
    );
    for (const { datname } of existing.rows) {
      const owner = /^wardwatch_(?:t|tpl)_(\d+)(?:_|$)/.exec(datname)?.[1];
      if (owner && runIsAlive(owner)) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${templateDatabase()}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(ownerUrl(templateDatabase()));
}
