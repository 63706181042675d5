import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoreConfig } from '@wardwatch/config';

/**
 * The application's connection pool. Runs as the application role; the schema is changed only by
 * migrations (`npm run db:migrate`, as the owner role), never by synchronize.
 */
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [CoreConfig],
          useFactory: (config: CoreConfig) => ({
            type: 'postgres' as const,
            url: config.DATABASE_URL,
            synchronize: false,
            uuidExtension: 'pgcrypto' as const,
            migrationsRun: false,
            autoLoadEntities: true,
            poolSize: config.DATABASE_POOL_SIZE,
            // Fail fast instead of queueing forever when PostgreSQL is down; retried by the caller.
            extra: { application_name: applicationName, connectionTimeoutMillis: 5000 },
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
    };
  }
}
