import { DataSource, type MigrationInterface } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * A database migrated to the newest schema, with one migration that a test can step down and up
 * again as the migration runner would (each step in a transaction of its own): for tests of a
 * migration on an installation that already holds data.
 */
export interface MigrationHarness {
  db: TestDatabase;
  /** Connected as the schema's owner, as migrations run. */
  dataSource: DataSource;
  run(step: 'up' | 'down'): Promise<void>;
  close(): Promise<void>;
}

export async function openMigrationHarness(migration: MigrationInterface): Promise<MigrationHarness> {
  const db = await createTestDatabase();
  const dataSource = new DataSource({ type: 'postgres', url: db.ownerUrl });
  await dataSource.initialize();
  const run = async (step: 'up' | 'down') => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration[step](runner);
      await runner.commitTransaction();
    } catch (e) {
      await runner.rollbackTransaction();
      throw e;
    } finally {
      await runner.release();
    }
  };
  return {
    db,
    dataSource,
    run,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
