import QUnit from 'qunit';
import { configFromEnv, ConfigError } from '../src/config.js';
import { writeSiteSettings, type TestForum } from '../src/testing/index.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

/** Signs a member up with these request headers; returns the IP their session row recorded. */
async function sessionIpOf(forum: TestForum, headers: Record<string, string>): Promise<string | null> {
  const client = forum.client();
  const member = newMember('ip');
  const response = await client.request('POST', '/api/users', { json: member, headers });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.text}`);
  const row: { ip: string | null } = await forum.forum.services
    .db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .where('users.username', member.username)
    .first('sessions.ip');
  return row.ip;
}

module('client IP: TRUSTED_PROXIES from the environment', () => {
  test('a count of proxies; TRUST_PROXY=true still means one; absent means none', (assert) => {
    assert.strictEqual(configFromEnv({}).trustedProxies, 0);
    assert.strictEqual(configFromEnv({ TRUSTED_PROXIES: '2' }).trustedProxies, 2);
    assert.strictEqual(configFromEnv({ TRUST_PROXY: 'true' }).trustedProxies, 1);
    assert.strictEqual(configFromEnv({ TRUST_PROXY: 'false' }).trustedProxies, 0);
    assert.strictEqual(
      configFromEnv({ TRUST_PROXY: 'true', TRUSTED_PROXIES: '0' }).trustedProxies,
      0,
      'the count wins',
    );
    assert.throws(
      () => configFromEnv({ TRUSTED_PROXIES: 'yes' }),
      (e: unknown) => e instanceof ConfigError && /TRUSTED_PROXIES/.test(e.message),
    );
    assert.throws(() => configFromEnv({ TRUSTED_PROXIES: '-1' }), ConfigError);
  });
});

module('client IP behind one trusted proxy', (hooks) => {
  const forum = useForum(hooks, { trustedProxies: 1 });

  test('the address the proxy appended is used, not the forged entries before it', async (assert) => {
    assert.strictEqual(await sessionIpOf(forum(), { 'x-forwarded-for': '203.0.113.66, 127.0.0.2' }), '127.0.0.2');
    assert.strictEqual(await sessionIpOf(forum(), { 'x-forwarded-for': '127.0.0.2' }), '127.0.0.2');
  });

  test('a different forged address on every wrong password still reaches the per-IP limit', async (assert) => {
    await writeSiteSettings(forum().forum, { login_max_failures_per_ip: 10 });
    try {
      const client = forum().client();
      const statuses: number[] = [];
      const codes: (string | undefined)[] = [];
      for (let i = 1; i <= 11; i++) {
        // A login naming no account each time, so only the per-IP limit can stop them.
        const response = await client.request('POST', '/api/session', {
          json: { login: `nobody${i}_${process.pid}`, password: 'not the password at all' },
          headers: { 'x-forwarded-for': `198.51.100.${i}, 127.0.0.2` },
        });
        statuses.push(response.status);
        codes.push(errorCode(response));
      }
      assert.strictEqual(codes[10], 'too_many_login_attempts');
      assert.deepEqual(statuses, [...Array(10).fill(401), 429], 'ten failures from 127.0.0.2, then locked');
      const other = forum().client();
      const elsewhere = await other.request('POST', '/api/session', {
        json: { login: `nobody_else_${process.pid}`, password: 'not the password at all' },
        headers: { 'x-forwarded-for': '127.0.0.2, 127.0.0.3' },
      });
      assert.strictEqual(
        elsewhere.status,
        401,
        'a client the proxy saw elsewhere is not locked, whatever it writes first',
      );
    } finally {
      await writeSiteSettings(forum().forum, { login_max_failures_per_ip: 100 });
    }
  });
});

module('client IP behind two trusted proxies', (hooks) => {
  const forum = useForum(hooks, { trustedProxies: 2 });

  test('the entry the outer proxy appended is used', async (assert) => {
    assert.strictEqual(
      await sessionIpOf(forum(), { 'x-forwarded-for': '198.51.100.9, 203.0.113.5, 10.0.0.7' }),
      '203.0.113.5',
    );
  });
});

module('client IP without a trusted proxy (the default)', (hooks) => {
  const forum = useForum(hooks);

  test('X-Forwarded-For is ignored: the socket address is used', async (assert) => {
    const direct = await sessionIpOf(forum(), {});
    assert.ok(direct && /127\.0\.0\.1$/.test(direct), `the loopback socket: ${direct}`);
    assert.strictEqual(await sessionIpOf(forum(), { 'x-forwarded-for': '203.0.113.66, 127.0.0.2' }), direct);
  });
});
