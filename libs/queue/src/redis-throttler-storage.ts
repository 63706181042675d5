import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { problem } from '@wardwatch/problems';
import { RedisConnection } from './redis-connection';

/**
 * Fixed window counter with an optional block, in one atomic script. KEYS: hits, block.
 * ARGV: ttl ms, limit, block ms. Returns hits, ms until the window ends, blocked (0/1), ms until unblocked.
 */
const INCREMENT = `
local blocked_ms = redis.call('PTTL', KEYS[2])
if blocked_ms > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked_ms }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local window_ms = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, window_ms, 1, tonumber(ARGV[3]) }
end
return { hits, window_ms, 0, 0 }
`;

/**
 * Rate-limit counters in Redis, so that every API instance counts the same attempts: with the
 * in-memory store, N instances would allow N times the configured login attempts.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: RedisConnection) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const base = this.redis.key('throttle', throttlerName, key);
    let reply: unknown;
    try {
      reply = await this.redis.client.eval(INCREMENT, 2, `${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
    } catch {
      // Fail closed: without the shared counter, password guessing would be unlimited.
      throw problem('auth.limiter_unavailable', 'sign-in is briefly unavailable (the rate limiter is not answering); try again shortly');
    }
    const [hits, windowMs, blocked, blockMs] = reply as [number, number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
