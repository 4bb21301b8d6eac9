import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Clock } from 'forum-plugin-api/server';

export interface Count {
  count: number;
  msBeforeReset: number;
}

/**
 * Redis side, one script per operation so each is atomic. A counter is a hash {count, resetAt}
 * with resetAt in the forum's clock (not Redis's TTL), so tests that move the clock move the
 * windows too; the key's TTL only tidies up, and is always longer than the window.
 */
const REDIS_ADD = `local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local resetAt = tonumber(redis.call('hget', KEYS[1], 'resetAt'))
if not resetAt or resetAt <= now then
  redis.call('hset', KEYS[1], 'count', 1, 'resetAt', now + window)
  redis.call('pexpire', KEYS[1], window * 2)
  return {1, window}
end
return {redis.call('hincrby', KEYS[1], 'count', 1), resetAt - now}`;

const REDIS_REFUND = `local resetAt = tonumber(redis.call('hget', KEYS[1], 'resetAt'))
if resetAt and resetAt > tonumber(ARGV[1]) and tonumber(redis.call('hget', KEYS[1], 'count')) > 0 then
  redis.call('hincrby', KEYS[1], 'count', -1)
end
return 0`;

const REDIS_PEEK = `local resetAt = tonumber(redis.call('hget', KEYS[1], 'resetAt'))
if resetAt and resetAt > tonumber(ARGV[1]) then return {tonumber(redis.call('hget', KEYS[1], 'count')), resetAt - tonumber(ARGV[1])} end
return {0, 0}`;

/**
 * Counts per key within fixed windows, in storage every instance shares: the `attempt_counters`
 * table, or Redis when REDIS_URL is set (keys carry the site id, so several forums can share one
 * Redis). `add` is one atomic step that returns the new count (an `insert … on conflict …
 * returning`, or a Lua script), which is what lets the limiter count an attempt before it is
 * checked. Windows are measured on the forum's clock.
 */
export class CounterStore {
  private readonly redis: Redis | null;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    redisUrl: string | null,
    private readonly siteId: string,
  ) {
    this.redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  }

  async add(name: string, windowSeconds: number, key: string): Promise<Count> {
    const now = this.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    if (this.redis)
      return this.redisCount(await this.redis.eval(REDIS_ADD, 1, this.redisKey(name, key), now, windowMs));
    const result = await this.db.raw<{ rows: { points: number; expire: string | number }[] }>(
      `insert into attempt_counters (key, points, expire) values (?, 1, ?)
       on conflict (key) do update set
         points = case when attempt_counters.expire <= ? then 1 else attempt_counters.points + 1 end,
         expire = case when attempt_counters.expire <= ? then excluded.expire else attempt_counters.expire end
       returning points, expire`,
      [`${name}:${key}`, now + windowMs, now, now],
    );
    const row = result.rows[0]!;
    return { count: Number(row.points), msBeforeReset: Number(row.expire) - now };
  }

  /** Takes one back, never below zero, never into a window that has ended. */
  async refund(name: string, key: string): Promise<void> {
    const now = this.clock.now().getTime();
    if (this.redis) {
      await this.redis.eval(REDIS_REFUND, 1, this.redisKey(name, key), now);
      return;
    }
    await this.db('attempt_counters')
      .where('key', `${name}:${key}`)
      .where('points', '>', 0)
      .where('expire', '>', now)
      .decrement('points', 1);
  }

  async peek(name: string, key: string): Promise<Count> {
    const now = this.clock.now().getTime();
    if (this.redis) return this.redisCount(await this.redis.eval(REDIS_PEEK, 1, this.redisKey(name, key), now));
    const row: { points: number; expire: string | number } | undefined = await this.db('attempt_counters')
      .where('key', `${name}:${key}`)
      .where('expire', '>', now)
      .first('points', 'expire');
    return row
      ? { count: Number(row.points), msBeforeReset: Number(row.expire) - now }
      : { count: 0, msBeforeReset: 0 };
  }

  async clear(name: string, key: string): Promise<void> {
    if (this.redis) await this.redis.del(this.redisKey(name, key));
    else await this.db('attempt_counters').where('key', `${name}:${key}`).delete();
  }

  close(): void {
    this.redis?.disconnect();
  }

  private redisKey(name: string, key: string): string {
    return `forum:${this.siteId}:${name}:${key}`;
  }

  private redisCount(reply: unknown): Count {
    const [count, msBeforeReset] = reply as [number, number];
    return { count: Number(count), msBeforeReset: Number(msBeforeReset) };
  }
}
