import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access-policy';
import { ObjectStoreHealthIndicator, RedisHealthIndicator } from './health.indicators';

@ApiTags('operations')
@Controller('health')
export class HealthController {
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
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; the body says which' })
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      () => this.redis.check('redis'),
      () => this.objectStore.check('objectStore'),
    ]);
  }
}
