import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AttemptCounter } from 'forum-plugin-api/server';

/** Large enough never to refuse on its own: callers compare counts with their current limits. */
const UNBOUNDED = 1_000_000_000;

/**
 * rate-limiter-flexible's Postgres store speaks `pg`'s `query({text, values})`; this adapter runs
 * the same SQL through knex, so it works on PostgreSQL and on PGlite alike.
 */
function knexAsPgClient(db: Knex) {
  return {
    async query({ text, values = [] }: { text: string; values?: unknown[] }) {
      const bindings: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_match, n: string) => {
        bindings.push(values[Number(n) - 1]);
        return '?';
      });
      const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as { rows: unknown[] };
      return { rows: result.rows, rowCount: result.rows.length };
    },
  };
}

/**
 * Counters of failed attempts (logins, second factors) in storage every instance shares: the
 * `attempt_counters` table, or Redis when REDIS_URL is set (keys carry the site id, so several
 * forums can share one Redis). Each counter counts per key within a fixed window.
 */
export class AttemptCounters {
  private readonly redis: Redis | null;

  constructor(
    private readonly db: Knex,
    redisUrl: string | null,
    private readonly siteId: string,
  ) {
    this.redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  }

  /** A counter named `name` (unique per forum) whose counts reset `windowSeconds` after the first. */
  counter(name: string, windowSeconds: number): AttemptCounter {
    const limiter: RateLimiterAbstract = this.redis
      ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `forum:${this.siteId}:${name}`, points: UNBOUNDED, duration: windowSeconds })
      : new RateLimiterPostgres({
          storeClient: knexAsPgClient(this.db),
          storeType: 'client',
          tableName: 'attempt_counters',
          tableCreated: true,
          clearExpiredByTimeout: false,
          keyPrefix: name,
          points: UNBOUNDED,
          duration: windowSeconds,
        });
    return {
      async current(key) {
        const state = await limiter.get(key);
        return state ? { count: state.consumedPoints, msBeforeReset: state.msBeforeNext } : { count: 0, msBeforeReset: 0 };
      },
      async add(key) {
        const state = await limiter.penalty(key, 1);
        return { count: state.consumedPoints, msBeforeReset: state.msBeforeNext };
      },
    };
  }

  close(): void {
    this.redis?.disconnect();
  }
}
