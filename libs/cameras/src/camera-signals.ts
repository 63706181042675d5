import { Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConnection, persistentRedisOptions } from '@wardwatch/queue';
import type { CoreConfig } from '@wardwatch/config';
import type { CameraLifecycle } from './camera.types';

/** The channel camera signals travel on, under the installation's Redis prefix (QUEUE_PREFIX). */
export const cameraSignalChannel = (redisPrefix: string): string => `${redisPrefix}:camera-signals`;

export interface CameraSignal {
  cameraId: string;
  lifecycle: CameraLifecycle;
  consentVersion: number;
}

/**
 * Tells workers at once that a camera's consent changed (pause, withdrawal), over Redis pub/sub.
 * The database stays the truth: workers also re-read lifecycles on their own schedule, so a signal
 * lost while Redis restarts delays the effect by at most one reconcile period, never forever.
 */
@Injectable()
export class CameraSignals {
  private readonly logger = new Logger(CameraSignals.name);

  constructor(private readonly redis: RedisConnection) {}

  async publish(signal: CameraSignal): Promise<void> {
    try {
      await this.redis.client.publish(cameraSignalChannel(this.redis.prefix), JSON.stringify(signal));
    } catch (e) {
      this.logger.warn(
        { cameraId: signal.cameraId, err: (e as Error).message },
        'camera signal not published; workers will pick the change up when they reconcile',
      );
    }
  }
}

/** A signal as published, or null for anything else on the channel. */
export function parseCameraSignal(message: string): CameraSignal | null {
  try {
    const s = JSON.parse(message) as Partial<CameraSignal>;
    return typeof s.cameraId === 'string' && typeof s.lifecycle === 'string' ? (s as CameraSignal) : null;
  } catch {
    return null;
  }
}

/**
 * Listens to camera signals on a connection of its own (a Redis connection in subscriber mode can
 * do nothing else). It reconnects by itself after a Redis restart; errors meanwhile are expected
 * and silent, because the listeners also re-read the database on their own schedule.
 */
export async function listenToCameraSignals(
  config: Pick<CoreConfig, 'REDIS_URL' | 'QUEUE_PREFIX'>,
  onSignal: (signal: CameraSignal) => void,
): Promise<{ close(): void }> {
  const subscriber = new Redis(persistentRedisOptions(config.REDIS_URL));
  subscriber.on('error', () => undefined);
  subscriber.on('message', (_channel: string, message: string) => {
    const signal = parseCameraSignal(message);
    if (signal) onSignal(signal);
  });
  await subscriber.subscribe(cameraSignalChannel(config.QUEUE_PREFIX));
  return { close: () => subscriber.disconnect() };
}
