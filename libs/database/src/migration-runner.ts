import { loadConfig, MigrationConfig } from '@wardwatch/config';
import { createMigrationDataSource } from './migration-data-source';

/** Applies pending migrations as the owner role; returns the names applied. */
export async function runMigrations(url = loadConfig(MigrationConfig).DATABASE_MIGRATION_URL): Promise<string[]> {
  const dataSource = createMigrationDataSource(url);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
