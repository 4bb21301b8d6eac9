import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Clock } from 'forum-plugin-api/server';

export interface Count {
  count: number;
  msBeforeReset: number;
}

/** One counter of an attempt: which count (`name`), whose (`key`), and its window. */
export interface Counter {
  name: string;
  key: string;
  windowSeconds: number;
}

/**
 * Redis side: one script per operation over all of an attempt's keys, so each is atomic and one
 * round trip however many rules there are (Redis runs a script alone, so the order of the keys
 * cannot deadlock anything). A counter is a hash {count, resetAt} with resetAt in the forum's
 * clock (not Redis's TTL), so tests that move the clock move the windows too; the key's TTL only
 * tidies up, and is always longer than the window. All keys of one call go to one Redis: a
 * cluster would need them in one hash slot.
 */
const REDIS_ADD = `local now = tonumber(ARGV[1])
local reply = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[i + 1])
  local resetAt = tonumber(redis.call('hget', key, 'resetAt'))
  if not resetAt or resetAt <= now then
    redis.call('hset', key, 'count', 1, 'resetAt', now + window)
    redis.call('pexpire', key, window * 2)
    reply[#reply + 1] = 1
    reply[#reply + 1] = window
  else
    reply[#reply + 1] = redis.call('hincrby', key, 'count', 1)
    reply[#reply + 1] = resetAt - now
  end
end
return reply`;

const REDIS_REFUND = `local now = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  local resetAt = tonumber(redis.call('hget', key, 'resetAt'))
  if resetAt and resetAt > now and tonumber(redis.call('hget', key, 'count')) > 0 then
    redis.call('hincrby', key, 'count', -1)
  end
end
return 0`;

const REDIS_PEEK = `local now = tonumber(ARGV[1])
local reply = {}
for _, key in ipairs(KEYS) do
  local resetAt = tonumber(redis.call('hget', key, 'resetAt'))
  if resetAt and resetAt > now then
    reply[#reply + 1] = tonumber(redis.call('hget', key, 'count'))
    reply[#reply + 1] = resetAt - now
  else
    reply[#reply + 1] = 0
    reply[#reply + 1] = 0
  end
end
return reply`;

/**
 * The database side's one statement for all of an attempt's counters. Concurrent statements
 * that touch overlapping keys must lock them in one order or PostgreSQL deadlocks (40P01): the
 * rows are fed to the insert sorted by key, and an `insert … select … order by` inserts (and, on
 * conflict, locks) them in the order the select yields them. Keys travel as one JSON parameter
 * (knex would spread an array into a list).
 */
const DB_ADD = `insert into attempt_counters (key, points, expire)
  select input.key, 1, ? + input.window_ms
  from json_to_recordset(?::json) as input(key text, window_ms bigint)
  order by input.key
  on conflict (key) do update set
    points = case when attempt_counters.expire <= ? then 1 else attempt_counters.points + 1 end,
    expire = case when attempt_counters.expire <= ? then excluded.expire else attempt_counters.expire end
  returning key, points, expire`;

/**
 * Refunds lock the same rows in the same order: `select … order by key for update` locks rows
 * as it returns them, after sorting (PostgreSQL's "locking clause applied after ORDER BY"). It
 * is one statement with no `with` of its own, so it can also run as a CTE of another statement
 * (`refundStatement`), where PostgreSQL allows data-modifying statements only at the top level.
 */
const DB_REFUND = `update attempt_counters set points = attempt_counters.points - 1
  where key in (
    select key from attempt_counters
    where key in (select value from json_array_elements_text(?::json)) and points > 0 and expire > ?
    order by key
    for update
  )`;

/** Clearing locks in the same order too. */
const DB_CLEAR = `delete from attempt_counters where key in (
    select key from attempt_counters
    where key in (select value from json_array_elements_text(?::json))
    order by key
    for update
  )`;

/**
 * Counts per key within fixed windows, in storage every instance shares: the `attempt_counters`
 * table, or Redis when REDIS_URL is set (keys carry the site id, so several forums can share one
 * Redis). `add` is one atomic step for all of an attempt's counters that returns their new
 * counts (one `insert … on conflict … returning`, or one Lua script), which is what lets the
 * limiter count an attempt before it is checked. Windows are measured on the forum's clock.
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

  /** Adds one to every counter in one round trip; the counts come back in the order asked. */
  async add(counters: readonly Counter[]): Promise<Count[]> {
    if (counters.length === 0) return [];
    const now = this.clock.now().getTime();
    if (this.redis) {
      const reply = await this.redis.eval(
        REDIS_ADD,
        counters.length,
        ...counters.map((c) => this.redisKey(c.name, c.key)),
        now,
        ...counters.map((c) => c.windowSeconds * 1000),
      );
      return this.redisCounts(reply);
    }
    const keys = counters.map((c) => dbKey(c.name, c.key));
    if (new Set(keys).size !== keys.length) throw new Error(`one attempt counts a key twice: ${keys.join(', ')}`);
    const input = JSON.stringify(counters.map((c, i) => ({ key: keys[i], window_ms: c.windowSeconds * 1000 })));
    const result = await this.db.raw<{ rows: { key: string; points: number; expire: string | number }[] }>(DB_ADD, [
      now,
      input,
      now,
      now,
    ]);
    const byKey = new Map(result.rows.map((row) => [row.key, row]));
    return keys.map((key) => {
      const row = byKey.get(key)!;
      return { count: Number(row.points), msBeforeReset: Number(row.expire) - now };
    });
  }

  /** Takes one back from each, never below zero, never into a window that has ended; one round trip. */
  async refund(counters: readonly Omit<Counter, 'windowSeconds'>[]): Promise<void> {
    if (counters.length === 0) return;
    const now = this.clock.now().getTime();
    if (this.redis) {
      await this.redis.eval(REDIS_REFUND, counters.length, ...counters.map((c) => this.redisKey(c.name, c.key)), now);
      return;
    }
    await this.dbRefund(counters, now);
  }

  /**
   * The refund as a statement to run inside another one (a login's closing write), so the right
   * answer costs no statement of its own; null when the counters are in Redis, which no SQL
   * statement can reach.
   */
  refundStatement(counters: readonly Omit<Counter, 'windowSeconds'>[]): Knex.Raw | null {
    if (this.redis || counters.length === 0) return null;
    return this.dbRefund(counters, this.clock.now().getTime());
  }

  private dbRefund(counters: readonly Omit<Counter, 'windowSeconds'>[], now: number): Knex.Raw {
    return this.db.raw(DB_REFUND, [JSON.stringify(counters.map((c) => dbKey(c.name, c.key))), now]);
  }

  /** The current counts, in the order asked, without counting anything. */
  async peek(counters: readonly Omit<Counter, 'windowSeconds'>[]): Promise<Count[]> {
    if (counters.length === 0) return [];
    const now = this.clock.now().getTime();
    if (this.redis)
      return this.redisCounts(
        await this.redis.eval(REDIS_PEEK, counters.length, ...counters.map((c) => this.redisKey(c.name, c.key)), now),
      );
    const keys = counters.map((c) => dbKey(c.name, c.key));
    const rows: { key: string; points: number; expire: string | number }[] = await this.db('attempt_counters')
      .whereIn('key', keys)
      .where('expire', '>', now)
      .select('key', 'points', 'expire');
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => {
      const row = byKey.get(key);
      return row
        ? { count: Number(row.points), msBeforeReset: Number(row.expire) - now }
        : { count: 0, msBeforeReset: 0 };
    });
  }

  async clear(counters: readonly Omit<Counter, 'windowSeconds'>[]): Promise<void> {
    if (counters.length === 0) return;
    if (this.redis) await this.redis.del(...counters.map((c) => this.redisKey(c.name, c.key)));
    else await this.db.raw(DB_CLEAR, [JSON.stringify(counters.map((c) => dbKey(c.name, c.key)))]);
  }

  close(): void {
    this.redis?.disconnect();
  }

  private redisKey(name: string, key: string): string {
    return `forum:${this.siteId}:${name}:${key}`;
  }

  private redisCounts(reply: unknown): Count[] {
    const flat = reply as number[];
    const counts: Count[] = [];
    for (let i = 0; i < flat.length; i += 2)
      counts.push({ count: Number(flat[i]), msBeforeReset: Number(flat[i + 1]) });
    return counts;
  }
}

function dbKey(name: string, key: string): string {
  return `${name}:${key}`;
}
