import { Injectable } from '@nestjs/common';
import { RedisConnection } from '@wardwatch/queue';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** A camera's lease as the roster shows it. */
export interface CameraLeaseHolder {
  workerId: string;
  /** When the lease lapses unless its holder renews it; null for a lease without expiry. */
  expiresAt: Date | null;
}

/**
 * Which worker owns which camera: a lease per camera in Redis (SET NX PX), renewed by its owner.
 * A dead worker's leases lapse after one lease period and another worker takes the cameras.
 * Renew and release only touch a lease the caller still holds.
 */
@Injectable()
export class CameraLeases {
  constructor(private readonly redis: RedisConnection) {}

  private key(cameraId: string): string {
    return this.redis.key('lease', 'camera', cameraId);
  }

  async acquire(cameraId: string, workerId: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.client.set(this.key(cameraId), workerId, 'PX', leaseMs, 'NX')) === 'OK';
  }

  async renew(cameraId: string, workerId: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.client.eval(RENEW, 1, this.key(cameraId), workerId, leaseMs)) === 1;
  }

  async release(cameraId: string, workerId: string): Promise<void> {
    await this.redis.client.eval(RELEASE, 1, this.key(cameraId), workerId);
  }

  /**
   * Records that this worker is alive and returns how many are, so each can take a fair share
   * of the cameras (a sorted set scored by the last heartbeat; the silent ones age out).
   */
  async heartbeat(installation: string, workerId: string, leaseMs: number, now = Date.now()): Promise<number> {
    // Per installation (its database): installations or test runs sharing a Redis do not count each other's workers.
    const key = this.redis.key('ingest-workers', installation);
    const [, , [, live]] = (await this.redis.client
      .multi()
      .zadd(key, now, workerId)
      .zremrangebyscore(key, 0, now - leaseMs)
      .zcard(key)
      .pexpire(key, leaseMs * 2)
      .exec()) as [unknown, unknown, [unknown, number], unknown];
    return Math.max(1, live);
  }

  async leave(installation: string, workerId: string): Promise<void> {
    await this.redis.client.zrem(this.redis.key('ingest-workers', installation), workerId);
  }

  owner(cameraId: string): Promise<string | null> {
    return this.redis.client.get(this.key(cameraId));
  }

  /**
   * Who holds each of these cameras' leases and until when, read in one pipelined round trip
   * (GET and PTTL per camera): for the admins' roster, a page at a time. Cameras nobody holds are absent.
   */
  async holders(cameraIds: readonly string[], now = Date.now()): Promise<Map<string, CameraLeaseHolder>> {
    const held = new Map<string, CameraLeaseHolder>();
    if (cameraIds.length === 0) return held;
    const pipeline = this.redis.client.pipeline();
    for (const id of cameraIds) pipeline.get(this.key(id)).pttl(this.key(id));
    const results = (await pipeline.exec()) ?? [];
    cameraIds.forEach((id, i) => {
      const [getError, workerId] = results[2 * i] ?? [];
      const [ttlError, ttl] = results[2 * i + 1] ?? [];
      if (getError) throw getError;
      if (ttlError) throw ttlError;
      if (typeof workerId !== 'string') return;
      // PTTL -1: a lease without expiry (never written so by workers); -2: lapsed between the two reads.
      if (ttl === -2) return;
      held.set(id, { workerId, expiresAt: typeof ttl === 'number' && ttl >= 0 ? new Date(now + ttl) : null });
    });
    return held;
  }
}
