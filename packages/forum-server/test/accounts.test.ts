import QUnit from 'qunit';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

module('accounts: sign up, log in, log out', (hooks) => {
  const forum = useForum(hooks);

  test('sign up creates the account and logs in', async (assert) => {
    const client = forum().client();
    const member = newMember();
    const signup = await client.signUp(member);
    assert.strictEqual(signup.status, 201);
    assert.strictEqual(signup.body.user.username, member.username);
    assert.notOk('password_hash' in signup.body.user, 'no hash in responses');
    const current = await client.get<{ user: { username: string; email: string } }>('/api/session/current');
    assert.strictEqual(current.status, 200);
    assert.strictEqual(current.body.user.email, member.email);
  });

  test('log out ends the session; log in by username or email starts one', async (assert) => {
    const client = forum().client();
    const member = newMember();
    await client.signUp(member);
    assert.strictEqual((await client.delete('/api/session')).status, 204);
    const loggedOut = await client.get('/api/session/current');
    assert.strictEqual(loggedOut.status, 404);
    assert.deepEqual(loggedOut.body, { error: { code: 'not_logged_in', message: 'Not logged in.' } });

    assert.strictEqual((await client.logIn(member.username.toUpperCase(), member.password)).status, 200);
    assert.strictEqual((await client.get('/api/session/current')).status, 200);
    await client.delete('/api/session');
    assert.strictEqual((await client.logIn(member.email, member.password)).status, 200);
  });

  test('unknown account and wrong password get the same answer', async (assert) => {
    const client = forum().client();
    const member = newMember();
    await forum().client().signUp(member);
    const wrong = await client.logIn(member.username, 'not the password');
    const unknown = await client.logIn('nobody_here', 'not the password');
    assert.strictEqual(wrong.status, 401);
    assert.deepEqual(unknown.status, wrong.status);
    assert.deepEqual(unknown.body, wrong.body);
    assert.strictEqual((await client.get('/api/session/current')).status, 404, 'no session after a failed login');
  });

  test('unknown account and wrong password take about the same time (a dummy argon2 verify)', async (assert) => {
    const member = newMember();
    await forum().client().signUp(member);
    const client = forum().client();
    await client.csrfToken();
    // Interleaved, so a busy machine slows both series alike.
    const wrongTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 9; i++) {
      for (const [login, times] of [
        [member.username, wrongTimes],
        ['nobody_by_that_name', unknownTimes],
      ] as const) {
        const start = performance.now();
        await client.logIn(login, 'not the password at all');
        times.push(performance.now() - start);
      }
    }
    const median = (times: number[]) => [...times].sort((a, b) => a - b)[4]!;
    const wrong = median(wrongTimes);
    const unknown = median(unknownTimes);
    assert.ok(
      wrong > 10 && unknown > 10,
      `both pay for an argon2 verify (${wrong.toFixed(1)} ms, ${unknown.toFixed(1)} ms)`,
    );
    assert.ok(
      unknown > wrong * 0.5 && unknown < wrong * 2,
      `within a factor of two: ${unknown.toFixed(1)} vs ${wrong.toFixed(1)} ms`,
    );
  });

  test('a taken username or email is refused with a clear code', async (assert) => {
    const member = newMember();
    await forum().client().signUp(member);
    const sameName = await forum()
      .client()
      .signUp({ ...newMember(), username: member.username.toUpperCase() });
    assert.strictEqual(sameName.status, 409);
    assert.strictEqual(errorCode(sameName), 'username_taken');
    const sameEmail = await forum()
      .client()
      .signUp({ ...newMember(), email: member.email.toUpperCase() });
    assert.strictEqual(errorCode(sameEmail), 'email_taken');
  });

  test('weak or malformed sign-ups are refused and create nothing', async (assert) => {
    const before = await forum().forum.services.db('users').count({ n: '*' }).first();
    const cases = [
      { ...newMember(), password: 'short' },
      { ...newMember(), username: 'a' },
      { ...newMember(), username: 'bad name!' },
      { ...newMember(), email: 'not-an-email' },
      { ...newMember(), password: 'ten chars\u0000 with a null' },
    ];
    for (const body of cases) {
      const response = await forum().client().signUp(body);
      assert.strictEqual(response.status, 400, JSON.stringify(response.body));
      assert.strictEqual(errorCode(response), 'invalid_request');
    }
    const after = await forum().forum.services.db('users').count({ n: '*' }).first();
    assert.deepEqual(after, before);
  });

  test('passwords are stored as argon2id hashes only', async (assert) => {
    const member = newMember();
    await forum().client().signUp(member);
    const row = await forum().forum.services.db('users').where({ username: member.username }).first();
    assert.ok(String(row.password_hash).startsWith('$argon2id$v=19$m=19456,p=1,t=2$'), 'OWASP argon2id parameters');
    assert.notOk(JSON.stringify(row).includes(member.password));
  });
});
