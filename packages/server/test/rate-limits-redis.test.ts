import { Redis } from 'ioredis';
import QUnit from 'qunit';
import { startTestForum, type TestForum } from 'forum-server/testing';
import { memberWithAuthenticator, pluginManifest } from './support/forum.js';

const { module, test } = QUnit;
const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

module('rate limits in Redis (REDIS_URL)', (hooks) => {
  let forum: TestForum | null = null;
  let available = false;
  hooks.before(async () => {
    available = await redisReachable();
    if (available) forum = await startTestForum({ pluginManifests: [pluginManifest], redisUrl: REDIS_URL });
  });
  hooks.after(async () => {
    await forum?.stop();
  });

  test('with REDIS_URL the counters live in Redis: five failures, then 429', async (assert) => {
    if (!available) {
      assert.expect(0);
      console.warn('# Redis is not reachable on 127.0.0.1:6379: the Redis rate-limit test did not run');
      return;
    }
    const enrolled = await memberWithAuthenticator(forum!);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await enrolled.client.post('/api/session/confirm', { password: enrolled.member.password, method: 'totp', token: '000000' })).status);
    }
    // 000000 could be the current code once in a million runs; then the first answer is 200.
    assert.deepEqual(statuses.slice(-2), [401, 429]);
    const rows = await forum!.forum.services.db('attempt_counters').count({ n: '*' }).first();
    assert.strictEqual(Number(rows?.n), 0, 'nothing counted in the database');
    const redis = new Redis(REDIS_URL);
    const siteKeys = await redis.keys('forum:*:second-factor:burst:user:*');
    assert.ok(siteKeys.length > 0, 'counters are in Redis, under the site id');
    redis.disconnect();
  });
});
