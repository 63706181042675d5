import 'tsconfig-paths/register';
import { Client } from 'pg';
import { runMigrations } from '@wardwatch/database';
import { ownerUrl, TEMPLATE_DATABASE } from './test-environment';

/**
 * Once per test run: rebuild the template database from the migrations, so every integration test
 * file starts from exactly the schema production gets (immich's "medium tests" habit).
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: ownerUrl('postgres') });
  await admin.connect();
  try {
    // Leftovers of an interrupted earlier run.
    const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'wardwatch_t\\_%'`);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(ownerUrl(TEMPLATE_DATABASE));
}
