import type { Writable } from 'node:stream';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { loggingModule } from './logging';
import { MetricsService } from './metrics.service';

/** Logs and metrics for one process; `service` names it on every log line. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(service: string, logDestination?: Writable): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [loggingModule(service, logDestination)],
      providers: [MetricsService],
      exports: [MetricsService],
    };
  }
}
