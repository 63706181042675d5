import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { problem } from '@wardwatch/problems';
import { Public } from '../auth/access-policy';
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

@ApiTags('operations')
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
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL, Redis and the object store; 503 when any is down' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; the body says which (the reason is in the log)' })
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
