import { createMigrationDataSource } from '../migration-data-source';

// The TypeORM CLI (`typeorm migration:generate -d ...`) expects a module whose default export is a DataSource.
export default createMigrationDataSource();
