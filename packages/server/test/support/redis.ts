import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers. CI starts it, so there a missing Redis fails the run instead of skipping. */
export async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    if (process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; .ci/run starts it`);
    return false;
  } finally {
    redis.disconnect();
  }
}
