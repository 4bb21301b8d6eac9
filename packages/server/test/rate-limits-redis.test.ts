import { Redis } from 'ioredis';
import QUnit from 'qunit';
import { startTestForum, type TestForum } from 'forum-server/testing';
import { memberWithAuthenticator, pluginManifest } from './support/forum.js';
import { redisReachable, REDIS_URL } from './support/redis.js';

const { module, test } = QUnit;
// Known before the module is declared: without Redis its tests show as skipped (CI starts Redis,
// and there its absence fails the run instead).
const available = redisReachable();

(available ? module : QUnit.module.skip)('rate limits in Redis (REDIS_URL)', (hooks) => {
  let forum: TestForum | null = null;
  hooks.before(async () => {
    forum = await startTestForum({ pluginManifests: [pluginManifest], redisUrl: REDIS_URL });
  });
  hooks.after(async () => {
    await forum?.stop();
  });

  test('with REDIS_URL the counters live in Redis: five failures, then 429', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum!);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await enrolled.client.post('/api/session/confirm', {
            password: enrolled.member.password,
            method: 'totp',
            token: '000000',
          })
        ).status,
      );
    }
    // 000000 could be the current code once in a million runs; then the first answer is 200.
    assert.deepEqual(statuses.slice(-2), [401, 429]);
    const rows = await forum!.forum.services.db('attempt_counters').count({ n: '*' }).first();
    assert.strictEqual(Number(rows?.n), 0, 'nothing counted in the database');
    const redis = new Redis(REDIS_URL);
    const siteKeys = await redis.keys('forum:*:second-factor:codes:burst:user:*');
    assert.ok(siteKeys.length > 0, 'counters are in Redis, under the site id');
    redis.disconnect();
  });

  test("in Redis too, the lockout ends when the window has passed on the forum's clock", async (assert) => {
    const enrolled = await memberWithAuthenticator(forum!);
    let last = null;
    for (let i = 0; i < 6; i++)
      last = await enrolled.client.post('/api/session/confirm', {
        password: enrolled.member.password,
        method: 'totp',
        token: '000000',
      });
    assert.strictEqual(last?.status, 429);
    forum!.clock.advance(5 * 60 * 1000 + 1000); // the 5-failure burst window
    const after = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'totp',
      token: '000000',
    });
    assert.strictEqual(after.status, 401, 'checked again once the window passed');
  });
});
