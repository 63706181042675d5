import { DynamicModule, Global, Module } from '@nestjs/common';
import { CoreConfig } from './schemas';
import { loadConfig, readEnvironment } from './config.loader';

@Global()
@Module({})
export class ConfigModule {
  /**
   * Validates the environment against the app's schema once, at start-up, and provides the typed
   * result under the schema class and under CoreConfig, which the shared libraries inject.
   * Pass `value` to supply an already-built config (tests).
   */
  static forRoot<T extends CoreConfig>(schema: new () => T, value?: T): DynamicModule {
    const config = value ?? loadConfig(schema, readEnvironment());
    return {
      module: ConfigModule,
      providers: [
        { provide: schema, useValue: config },
        { provide: CoreConfig, useValue: config },
      ],
      exports: [schema, CoreConfig],
    };
  }
}
