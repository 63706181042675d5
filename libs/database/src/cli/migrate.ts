import 'reflect-metadata';
import { ConfigurationError } from '@wardwatch/config';
import { runMigrations } from '../migration-runner';

runMigrations()
  .then((applied) => {
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'schema is up to date');
  })
  .catch((error: unknown) => {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(1);
  });
