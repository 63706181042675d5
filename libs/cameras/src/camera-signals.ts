import { Injectable, Logger } from '@nestjs/common';
import { RedisConnection } from '@wardwatch/queue';
import type { CameraLifecycle } from './camera.types';

export const CAMERA_SIGNAL_CHANNEL = 'wardwatch:camera-signals';

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
      await this.redis.client.publish(CAMERA_SIGNAL_CHANNEL, JSON.stringify(signal));
    } catch (e) {
      this.logger.warn(
        { cameraId: signal.cameraId, err: (e as Error).message },
        'camera signal not published; workers will pick the change up when they reconcile',
      );
    }
  }
}
