import QUnit from 'qunit';
import type { PendingAuthenticator } from '@second-factor/core';
import { errorCode, memberWithAuthenticator, newMember, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module("recent authentication (confirm it's you)", (hooks) => {
  const forum = useForumWithPlugin(hooks);

  async function closeWindow(username: string) {
    const db = forum().forum.services.db;
    const user = await db('users').where({ username }).first();
    await db('sessions')
      .where({ user_id: user.id })
      .update({ recent_auth_at: new Date(Date.now() - 11 * 60 * 1000) });
  }

  test('adding an authenticator after the window closed needs "confirm it\'s you"', async (assert) => {
    const client = forum().client();
    const member = newMember();
    await client.signUp(member);
    await closeWindow(member.username);
    const refused = await client.post('/api/u/me/second-factors/totp', {});
    assert.strictEqual(refused.status, 403);
    assert.strictEqual(errorCode(refused), 'recent_auth_required');
    const db = forum().forum.services.db;
    const added = await db('user_second_factors')
      .whereIn('user_id', db('users').select('id').where({ username: member.username }))
      .count({ n: '*' })
      .first();
    assert.strictEqual(Number(added?.n), 0, 'the refused request added no authenticator');

    const wrong = await client.post('/api/session/confirm', { password: 'not my password' });
    assert.strictEqual(errorCode(wrong), 'invalid_credentials');
    const confirmed = await client.post('/api/session/confirm', { password: member.password });
    assert.strictEqual(confirmed.status, 200);
    assert.strictEqual((await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {})).status, 201);
  });

  test('a member with an authenticator confirms with password and code; removal needs it too', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    await closeWindow(enrolled.member.username);
    const refused = await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`);
    assert.strictEqual(errorCode(refused), 'recent_auth_required');

    const passwordOnly = await enrolled.client.post('/api/session/confirm', { password: enrolled.member.password });
    assert.strictEqual(passwordOnly.status, 400);
    assert.strictEqual(errorCode(passwordOnly), 'second_factor_required');
    const wrongCode = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() - 90),
    });
    assert.strictEqual(errorCode(wrongCode), 'invalid_second_factor');
    const ok = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(ok.status, 200, ok.text);
    assert.strictEqual(
      (await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`)).status,
      204,
    );
  });

  test('visitors cannot confirm', async (assert) => {
    assert.strictEqual(
      errorCode(await forum().client().post('/api/session/confirm', { password: 'whatever it is' })),
      'not_logged_in',
    );
  });
});
