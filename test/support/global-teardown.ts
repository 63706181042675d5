import 'tsconfig-paths/register';
import { Client } from 'pg';
import { ownerUrl, templateDatabase } from './test-environment';

/** Drops this run's template; each file already dropped its own database. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: ownerUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase()}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
