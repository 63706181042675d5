import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, MigrationConfig } from '@wardwatch/config';
import { ALL_ENTITIES } from './entities';
import { ALL_MIGRATIONS } from './migrations';

/**
 * The data source the TypeORM CLI and `npm run db:migrate` use: the owner role, the full entity
 * list and the ordered migrations. The applications never run migrations themselves.
 */
export function createMigrationDataSource(url = loadConfig(MigrationConfig).DATABASE_MIGRATION_URL): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp is not needed.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: ['error'],
  });
}
