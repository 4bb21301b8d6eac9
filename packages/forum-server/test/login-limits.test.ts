import QUnit from 'qunit';
import { writeSiteSettings } from '../src/testing/index.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

module('wrong passwords are limited', (hooks) => {
  const forum = useForum(hooks);

  async function setSettings(values: Record<string, unknown>) {
    await writeSiteSettings(forum().forum, values);
    await forum().forum.services.db('attempt_counters').delete(); // each test starts with no failures counted
  }

  test('per account: after the limit even the right password is refused with 429 and Retry-After', async (assert) => {
    await setSettings({ login_max_failures_per_account: 5, login_max_failures_per_ip: 100 });
    const member = newMember();
    await forum().client().signUp(member);
    const client = forum().client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.logIn(member.username, `wrong password ${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
    const right = await client.logIn(member.email, member.password);
    assert.strictEqual(right.status, 429, 'by email too: the limit is on the account');
    assert.strictEqual(errorCode(right), 'too_many_login_attempts');
    const retryAfter = Number(right.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
    const other = newMember();
    await forum().client().signUp(other);
    assert.strictEqual(
      (await forum().client().logIn(other.username, other.password)).status,
      200,
      'other accounts are not affected',
    );
  });

  test('an unknown account locks the same way: the limit reveals nothing', async (assert) => {
    await setSettings({ login_max_failures_per_account: 5, login_max_failures_per_ip: 100 });
    const client = forum().client();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await client.logIn('nobody_known', `wrong password ${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });

  test('per IP: many accounts guessed from one address are stopped too', async (assert) => {
    await setSettings({ login_max_failures_per_account: 100, login_max_failures_per_ip: 10 });
    const client = forum().client();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await client.logIn(`someone_${i}`, 'a guessed password')).status);
    assert.deepEqual(statuses.slice(-2), [401, 429]);
    await setSettings({ login_max_failures_per_account: 20, login_max_failures_per_ip: 100 });
  });

  test('"confirm it\'s you" counts wrong passwords against the account too', async (assert) => {
    await setSettings({ login_max_failures_per_account: 5, login_max_failures_per_ip: 100 });
    const member = newMember();
    const client = forum().client();
    await client.signUp(member);
    for (let i = 0; i < 5; i++) await client.post('/api/session/confirm', { password: `wrong password ${i}` });
    const right = await client.post('/api/session/confirm', { password: member.password });
    assert.strictEqual(right.status, 429);
    await setSettings({ login_max_failures_per_account: 20 });
  });

  test('a login of any allowed length is counted under a fixed-length digest: 401, never 500, and the typed text is not stored', async (assert) => {
    await setSettings({ login_max_failures_per_account: 20, login_max_failures_per_ip: 100 });
    const client = forum().client();
    for (const length of [236, 245, 254]) {
      const login = `${'x'.repeat(length - 13)}@example.test`;
      const response = await client.logIn(login, 'a guessed password');
      assert.strictEqual(response.status, 401, `${length} characters: ${response.text}`);
    }
    const keys: { key: string }[] = await forum().forum.services.db('attempt_counters').select('key');
    assert.ok(keys.length > 0, 'the failures were counted');
    assert.ok(
      keys.every((k) => k.key.length < 100 && !k.key.includes('xxxx')),
      JSON.stringify(keys.map((k) => k.key)),
    );
  });

  test('a lockout ends when its 15-minute window has passed (the clock is moved, not waited for)', async (assert) => {
    await setSettings({ login_max_failures_per_account: 5, login_max_failures_per_ip: 100 });
    const member = newMember('window');
    await forum().client().signUp(member);
    const client = forum().client();
    for (let i = 0; i < 5; i++) await client.logIn(member.username, `wrong password ${i}`);
    const locked = await client.logIn(member.username, member.password);
    assert.strictEqual(locked.status, 429);
    forum().clock.advance(Number(locked.headers.get('retry-after')) * 1000 - 5_000);
    assert.strictEqual(
      (await client.logIn(member.username, member.password)).status,
      429,
      'five seconds before the end: still locked',
    );
    forum().clock.advance(6_000);
    assert.strictEqual(
      (await client.logIn(member.username, member.password)).status,
      200,
      'after the window: the right password logs in',
    );
  });
});
