import QUnit from 'qunit';
import type { SecondFactorsStatus } from '@second-factor/core';
import type { TestClient } from 'forum-server/testing';
import { errorCode, memberWithAuthenticator, useForumWithPlugin, type EnrolledMember } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

interface Challenge {
  secondFactorRequired: true;
  challenge: string;
  methods: string[];
}

async function passwordStep(client: TestClient, enrolled: EnrolledMember): Promise<Challenge> {
  const response = await client.logIn(enrolled.member.username, enrolled.member.password);
  return response.body as unknown as Challenge;
}

module('TOTP login', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('the password alone gives a challenge, not a session; the code completes the login', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const step1 = await passwordStep(client, enrolled);
    assert.true(step1.secondFactorRequired);
    assert.deepEqual(step1.methods, ['totp', 'backup_code']);
    assert.strictEqual(step1.challenge.length, 43);
    assert.strictEqual((await client.get('/api/session/current')).status, 404, 'no session yet');
    const cookieBefore = client.sessionCookie;

    // The enabling code used this step: the next step's code is the one an app shows next.
    const step2 = await client.post<{ user: { username: string } }>('/api/session/second-factor', {
      challenge: step1.challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(step2.status, 200, step2.text);
    assert.strictEqual(step2.body.user.username, enrolled.member.username);
    assert.notEqual(client.sessionCookie, cookieBefore, 'session id rotated');
    assert.strictEqual((await client.get('/api/session/current')).status, 200);
    const status = await client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.ok(status.body.totp[0]?.lastUsedAt, 'last use recorded');
    assert.ok(status.body.recentAuthUntil, 'a full login opens the recent-auth window');
  });

  test('the same code is refused the second time, and the reuse is logged', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const code = totpAt(enrolled.secret, nowSeconds() + 30);
    const first = forum().client();
    const ok = await first.post('/api/session/second-factor', {
      challenge: (await passwordStep(first, enrolled)).challenge,
      method: 'totp',
      token: code,
    });
    assert.strictEqual(ok.status, 200);
    const second = forum().client();
    const replay = await second.post('/api/session/second-factor', {
      challenge: (await passwordStep(second, enrolled)).challenge,
      method: 'totp',
      token: code,
    });
    assert.strictEqual(replay.status, 401);
    assert.strictEqual(errorCode(replay), 'code_already_used');
    assert.strictEqual((await second.get('/api/session/current')).status, 404);
    const user = await forum().forum.services.db('users').where({ username: enrolled.member.username }).first();
    const reuse = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: user.id, event: 'totp_reused' })
      .first();
    assert.ok(reuse, 'reuse event written');
    assert.notOk(JSON.stringify(reuse).includes(code), 'without the code');
  });

  test('a code two steps old is refused', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const response = await client.post('/api/session/second-factor', {
      challenge: (await passwordStep(client, enrolled)).challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() - 60),
    });
    assert.strictEqual(response.status, 401);
    assert.strictEqual(errorCode(response), 'invalid_second_factor');
  });

  test('a challenge works only from the browser that entered the password, and only for 5 minutes', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const { challenge } = await passwordStep(client, enrolled);
    const thief = forum().client();
    const stolen = await thief.post('/api/session/second-factor', {
      challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(errorCode(stolen), 'challenge_invalid');

    await forum()
      .forum.services.db('login_challenges')
      .update({ expires_at: new Date(Date.now() - 1000) });
    const late = await client.post('/api/session/second-factor', {
      challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(errorCode(late), 'challenge_invalid');
    assert.strictEqual((await client.get('/api/session/current')).status, 404);
  });

  test('bad second-step input is a 4xx and does not use up the challenge', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const { challenge } = await passwordStep(client, enrolled);
    assert.strictEqual(
      errorCode(await client.post('/api/session/second-factor', { challenge, method: 'totp', token: 'abcdef' })),
      'invalid_token_format',
    );
    assert.strictEqual(
      errorCode(await client.post('/api/session/second-factor', { challenge, method: 'sms', token: '123456' })),
      'method_not_available',
    );
    assert.strictEqual(
      errorCode(await client.post('/api/session/second-factor', { challenge, method: 'totp' })),
      'invalid_request',
    );
    assert.strictEqual(
      errorCode(await client.post('/api/session/second-factor', { challenge: 'x', method: 'totp', token: '123456' })),
      'invalid_request',
    );
    const ok = await client.post('/api/session/second-factor', {
      challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(ok.status, 200, 'the challenge survived the malformed requests');
  });

  test('five wrong codes end the challenge; the sixth attempt is locked out with Retry-After, even with the right code', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const { challenge } = await passwordStep(client, enrolled);
    const wrong = (n: number) =>
      String((Number(totpAt(enrolled.secret, nowSeconds())) + 1 + n) % 1_000_000).padStart(6, '0');
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        errorCode(await client.post('/api/session/second-factor', { challenge, method: 'totp', token: wrong(i) })),
      );
    }
    assert.deepEqual(answers, [
      'invalid_second_factor',
      'invalid_second_factor',
      'invalid_second_factor',
      'invalid_second_factor',
      'challenge_invalid',
    ]);

    const again = await passwordStep(client, enrolled);
    const locked = await client.post('/api/session/second-factor', {
      challenge: again.challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(locked.status, 429);
    assert.strictEqual(errorCode(locked), 'too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 300, `Retry-After ${retryAfter}`);
    assert.strictEqual(
      (await client.get('/api/session/current')).status,
      404,
      'the right code during a lockout does not log in',
    );
    const user = await forum().forum.services.db('users').where({ username: enrolled.member.username }).first();
    assert.ok(
      await forum()
        .forum.services.db('second_factor_events')
        .where({ user_id: user.id, event: 'second_factor_locked_out' })
        .first(),
      'lockout logged',
    );
    // Each wrong code's audit row is written with the challenge put back (the fifth one's too).
    const failed = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: user.id, event: 'totp_failed' })
      .select('details');
    assert.deepEqual(
      failed.map((row: { details: unknown }) => row.details),
      Array.from({ length: 5 }, () => ({ purpose: 'login' })),
      'five wrong codes, five audit rows',
    );
  });

  test('removing the only authenticator turns the second step off', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    assert.strictEqual(
      (await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`)).status,
      204,
    );
    const response = await forum().client().logIn(enrolled.member.username, enrolled.member.password);
    assert.strictEqual(response.status, 200);
    assert.ok('user' in response.body);
  });
});
