import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { CoreConfig } from '@wardwatch/config';
import { QUEUES } from './queue.catalogue';
import { RedisConnection } from './redis-connection';
import { persistentRedisOptions } from './redis-options';

/** BullMQ on Redis, every queue of the catalogue registered, and a plain Redis connection. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [CoreConfig],
      useFactory: (config: CoreConfig) => ({
        // maxRetriesPerRequest null: BullMQ's blocking commands must wait out a Redis restart, not fail.
        connection: persistentRedisOptions(config.REDIS_URL),
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [RedisConnection],
  exports: [BullModule, RedisConnection],
})
export class QueueModule {}
