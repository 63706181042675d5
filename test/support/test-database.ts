import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { appUrl, ownerUrl, templateDatabase, testDatabasePrefix } from './test-environment';

export interface TestDatabase {
  name: string;
  /** As the application role (what the services use). */
  appUrl: string;
  /** As the owner (postgres): for assertions and for deliberate tampering. */
  ownerUrl: string;
  /** A connected owner client, closed by drop(). */
  owner: Client;
  drop(): Promise<void>;
}

/** A fresh database copied from the migrated template; drop() removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${testDatabasePrefix()}${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: ownerUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`);
  } finally {
    await admin.end();
  }
  const owner = new Client({ connectionString: ownerUrl(name) });
  await owner.connect();
  return {
    name,
    appUrl: appUrl(name),
    ownerUrl: ownerUrl(name),
    owner,
    async drop() {
      await owner.end();
      const c = new Client({ connectionString: ownerUrl('postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
