import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisConnection } from '@wardwatch/queue';
import { ObjectStore } from '@wardwatch/storage';

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly redis: RedisConnection,
  ) {}

  async check(key: 'redis') {
    const session = this.health.check(key);
    try {
      await this.redis.ping();
      return session.up();
    } catch (e) {
      return session.down({ message: `Redis did not answer PING: ${reason(e)}` });
    }
  }
}

@Injectable()
export class ObjectStoreHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly store: ObjectStore,
  ) {}

  async check(key: 'objectStore') {
    const session = this.health.check(key);
    try {
      await this.store.ping();
      return session.up({ bucket: this.store.bucket });
    } catch (e) {
      return session.down({ message: `object store unusable: ${reason(e)}`, bucket: this.store.bucket });
    }
  }
}
