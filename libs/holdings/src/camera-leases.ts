import { Injectable } from '@nestjs/common';
import { RedisConnection } from '@wardwatch/queue';

/**
 * Takes the lease if nobody holds it, with the next fencing token of the camera: INCR of its
 * counter, lifted above ARGV[3] (the highest token PostgreSQL has seen) when Redis lost the counter
 * (it keeps nothing on disk), so a token is never handed out twice.
 */
const ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[3])
if token <= floor then token = floor + 1; redis.call('SET', KEYS[2], token) end
redis.call('SET', KEYS[1], ARGV[1] .. '#' .. token, 'PX', ARGV[2])
return token`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** A camera's lease as the roster shows it. */
export interface CameraLeaseHolder {
  workerId: string;
  /** When the lease lapses unless its holder renews it; null for a lease without expiry. */
  expiresAt: Date | null;
}

/** The lease's value: the holder and its fencing token (a bare worker id from before tokens reads as token 0). */
function parseLease(value: string): { workerId: string; token: number } {
  const at = value.lastIndexOf('#');
  if (at < 0) return { workerId: value, token: 0 };
  return { workerId: value.slice(0, at), token: Number(value.slice(at + 1)) };
}

/**
 * Which worker owns which camera: a lease per camera in Redis (SET NX PX), renewed by its owner.
 * A dead worker's leases lapse after one lease period and another worker takes the cameras.
 * Each acquisition carries a fencing token, one more than any before for that camera; renew and
 * release only touch the lease the caller still holds (same worker and token).
 */
@Injectable()
export class CameraLeases {
  constructor(private readonly redis: RedisConnection) {}

  private key(cameraId: string): string {
    return this.redis.key('lease', 'camera', cameraId);
  }

  private tokenKey(cameraId: string): string {
    return this.redis.key('lease-token', 'camera', cameraId);
  }

  /** The new lease's fencing token, or null when someone holds the camera. `floor`: the highest token PostgreSQL has seen. */
  async acquire(cameraId: string, workerId: string, leaseMs: number, floor = 0): Promise<number | null> {
    const token = (await this.redis.client.eval(
      ACQUIRE,
      2,
      this.key(cameraId),
      this.tokenKey(cameraId),
      workerId,
      leaseMs,
      floor,
    )) as number;
    return token > 0 ? token : null;
  }

  async renew(cameraId: string, workerId: string, token: number, leaseMs: number): Promise<boolean> {
    return (await this.redis.client.eval(RENEW, 1, this.key(cameraId), `${workerId}#${token}`, leaseMs)) === 1;
  }

  async release(cameraId: string, workerId: string, token: number): Promise<void> {
    await this.redis.client.eval(RELEASE, 1, this.key(cameraId), `${workerId}#${token}`);
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

  async owner(cameraId: string): Promise<string | null> {
    const value = await this.redis.client.get(this.key(cameraId));
    return value === null ? null : parseLease(value).workerId;
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
      const [getError, value] = results[2 * i] ?? [];
      const [ttlError, ttl] = results[2 * i + 1] ?? [];
      if (getError) throw getError;
      if (ttlError) throw ttlError;
      if (typeof value !== 'string') return;
      // PTTL -1: a lease without expiry (never written so by workers); -2: lapsed between the two reads.
      if (ttl === -2) return;
      held.set(id, { workerId: parseLease(value).workerId, expiresAt: typeof ttl === 'number' && ttl >= 0 ? new Date(now + ttl) : null });
    });
    return held;
  }
}
