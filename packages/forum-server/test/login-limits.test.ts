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
    assert.strictEqual((await forum().client().logIn(other.username, other.password)).status, 200, 'other accounts are not affected');
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
});
