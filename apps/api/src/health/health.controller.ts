import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { problem } from '@wardwatch/problems';
import { Public } from '../auth/access-policy';
import { ApiProblems } from '../openapi/api-problems';
import { ObjectStoreHealthIndicator, RedisHealthIndicator } from './health.indicators';

/** What the public answer says about a dependency that is down; the reason (hosts, ports, errors) goes to the log. */
const DOWN_MESSAGES: Record<string, string> = {
  postgres: 'PostgreSQL did not answer',
  redis: 'Redis did not answer PING',
  objectStore: 'object store unusable',
};

/** Only up or down per dependency, with a fixed message: /health is public. */
function publicView(result: Partial<HealthIndicatorResult> | undefined): HealthIndicatorResult {
  return Object.fromEntries(
    Object.entries(result ?? {}).map(([key, value]) => [
      key,
      value?.status === 'up' ? { status: 'up' } : { status: 'down', message: DOWN_MESSAGES[key] ?? 'down' },
    ]),
  );
}

export class DependencyHealth {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'When down: a fixed message (the reason is in the log)', example: 'Redis did not answer PING' })
  message?: string;
}

const byDependency = (description: string) => ({
  type: 'object' as const,
  description,
  additionalProperties: { $ref: getSchemaPath(DependencyHealth) },
  example: { postgres: { status: 'up' }, redis: { status: 'up' }, objectStore: { status: 'up' } },
});

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: 'ok' | 'error' | 'shutting_down';
  @ApiPropertyOptional(byDependency('Dependencies that are up')) info?: Record<string, DependencyHealth>;
  @ApiPropertyOptional(byDependency('Dependencies that are down')) error?: Record<string, DependencyHealth>;
  @ApiProperty(byDependency('Every dependency')) details: Record<string, DependencyHealth>;
}

@ApiTags('operations')
@ApiExtraModels(DependencyHealth)
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly objectStore: ObjectStoreHealthIndicator,
  ) {}

  /** Public so that load balancers and orchestrators can probe it; it says only up or down per dependency. */
  @Get()
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'checkHealth', summary: 'PostgreSQL, Redis and the object store; 503 when any is down' })
  @ApiOkResponse({ type: HealthResponse, description: 'Every dependency is up' })
  @ApiProblems({ status: 503, description: 'At least one dependency is down; the body says which (the reason is in the log)' })
  async check(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([
        () => this.db.pingCheck('postgres', { timeout: 2000 }),
        () => this.redis.check('redis'),
        () => this.objectStore.check('objectStore'),
      ]);
      return { ...result, info: publicView(result.info), details: publicView(result.details) };
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const body = e.getResponse() as HealthCheckResult;
      this.logger.warn({ health: body }, 'a dependency is down');
      const down = Object.keys(body.error ?? {});
      throw problem('health.unavailable', `${down.join(', ') || 'a dependency'} did not answer; the service cannot work until it does.`, {
        checks: publicView(body.details),
      });
    }
  }
}
