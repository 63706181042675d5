import { Injectable } from '@nestjs/common';
import { CoreConfig } from '@wardwatch/config';
import { RedisConnection, RedisThrottlerStorage } from '@wardwatch/queue';
import { problem, type ProblemException } from '@wardwatch/problems';

/** A 429 that says when to come back; the API's exception filter turns `retryAfterSeconds` into `Retry-After`. */
export const tooManyProbes = (detail: string, retryAfterSeconds: number): ProblemException =>
  problem('probe.rate_limited', detail, { failure: 'too_many_probes', retryAfterSeconds });

/**
 * Bounds how often the service talks to cameras on a resident's behalf (enrolment, re-probe,
 * credential change): per resident, so one account cannot map the camera networks or guess
 * passwords, and per target address and port, so many accounts cannot guess one camera's password.
 * Counted in Redis under the installation's prefix, so every API instance shares the counts.
 */
@Injectable()
export class ProbeThrottle {
  private readonly storage: RedisThrottlerStorage;

  constructor(
    redis: RedisConnection,
    private readonly config: CoreConfig,
  ) {
    this.storage = new RedisThrottlerStorage(redis);
  }

  /** Counts one probe by this user; throws 429 over the limit. */
  async takeForUser(userId: string): Promise<void> {
    await this.take(
      'probe-user',
      userId,
      this.config.PROBE_RATE_LIMIT_PER_USER,
      (wait) =>
        `too many camera probes from your account; try again in ${wait} s. If a camera keeps failing, check its address, port and ONVIF user in the camera's own settings first`,
    );
  }

  /** Counts one probe of this address and port (whoever asks); throws 429 over the limit. */
  async takeForTarget(address: string, port: number): Promise<void> {
    await this.take(
      'probe-target',
      `${address}|${port}`,
      this.config.PROBE_RATE_LIMIT_PER_TARGET,
      (wait) => `this camera address was probed too often; try again in ${wait} s`,
    );
  }

  private async take(name: string, key: string, limit: number, message: (waitSeconds: number) => string): Promise<void> {
    const windowMs = this.config.PROBE_RATE_LIMIT_WINDOW_S * 1000;
    let counted: { totalHits: number; timeToExpire: number };
    try {
      counted = await this.storage.increment(key, windowMs, limit, 0, name);
    } catch {
      // Fail closed, as for sign-in: without the shared counter, probing would be unlimited.
      throw problem(
        'probe.limiter_unavailable',
        'camera probes are briefly unavailable (the rate limiter is not answering); try again shortly',
      );
    }
    if (counted.totalHits > limit) {
      const wait = Math.max(counted.timeToExpire, 1);
      throw tooManyProbes(message(wait), wait);
    }
  }
}
