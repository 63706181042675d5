import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { CoreConfig } from '@wardwatch/config';
import { redisOptionsFromUrl } from './redis-options';

/**
 * A plain Redis connection for signals and health. It does not queue commands while disconnected,
 * so a stopped Redis shows up as an error at once rather than as a hang.
 */
@Injectable()
export class RedisConnection implements OnModuleDestroy {
  readonly client: Redis;
  /**
   * Prefix of every key and channel this installation uses in Redis (QUEUE_PREFIX): installations,
   * and test runs side by side, that share one Redis never share a counter, a lease or a signal.
   */
  readonly prefix: string;

  constructor(config: CoreConfig) {
    this.prefix = config.QUEUE_PREFIX;
    this.client = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // Errors surface through the commands that fail; without a listener ioredis would log each retry.
    this.client.on('error', () => undefined);
    this.client.connect().catch(() => undefined);
  }

  /** A key or channel name of this installation: `<prefix>:<parts joined by ':'>`. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async ping(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
