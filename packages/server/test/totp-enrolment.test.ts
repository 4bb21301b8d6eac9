import QUnit from 'qunit';
import type { PendingAuthenticator, SecondFactorsStatus } from '@second-factor/core';
import { errorCode, memberWithAuthenticator, newMember, useForumWithPlugin } from './support/forum.js';
import { base32Decode, nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module('TOTP enrolment', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('a pending authenticator comes with a 160-bit secret, an otpauth URI and a QR code', async (assert) => {
    const client = forum().client();
    const member = newMember();
    await client.signUp(member);
    const response = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', { name: 'Phone' });
    assert.strictEqual(response.status, 201);
    assert.strictEqual(base32Decode(response.body.secret).length, 20);
    const uri = new URL(response.body.otpauthUri);
    assert.strictEqual(
      decodeURIComponent(uri.pathname),
      `/Forum:${member.username}`,
      'issuer is the forum title, account the username',
    );
    assert.strictEqual(uri.searchParams.get('issuer'), 'Forum');
    assert.ok(response.body.qrSvg.startsWith('<svg'), 'QR code as SVG');

    const status = await client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual(status.body.totp, [], 'pending authenticators are not listed as enabled');
    const methods = await forum().client().logIn(member.username, member.password);
    assert.notOk('secondFactorRequired' in methods.body, 'a pending authenticator does not guard login');
  });

  test('the secret is encrypted at rest and never returned again', async (assert) => {
    const { client, secret, member } = await memberWithAuthenticator(forum());
    const rows = await forum()
      .forum.services.db('user_second_factors')
      .join('users', 'users.id', 'user_second_factors.user_id')
      .where({ 'users.username': member.username, method: 1 })
      .select('user_second_factors.*');
    assert.strictEqual(rows.length, 1);
    assert.notOk(JSON.stringify(rows).includes(secret), 'no plaintext secret in the row');
    assert.ok(String(rows[0].data.secret).startsWith('v1.'), 'sealed with AES-256-GCM');
    const status = await client.get('/api/u/me/second-factors');
    assert.notOk(status.text.includes(secret), 'status never shows the secret');
  });

  test('an authenticator is enabled only with a valid code from it', async (assert) => {
    const client = forum().client();
    await client.signUp(newMember());
    const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {});
    const wrong = await client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
      token: totpAt(pending.body.secret, nowSeconds() - 120),
    });
    assert.strictEqual(wrong.status, 422);
    assert.strictEqual(errorCode(wrong), 'invalid_second_factor');
    const malformed = await client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, { token: '12ab56' });
    assert.strictEqual(errorCode(malformed), 'invalid_token_format');
    assert.deepEqual((await client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.totp, []);

    const right = await client.post<{ totp: { id: number; name: string } }>(
      `/api/u/me/second-factors/totp/${pending.body.id}/enable`,
      {
        token: totpAt(pending.body.secret, nowSeconds()),
        name: 'Work phone',
      },
    );
    assert.strictEqual(right.status, 200);
    assert.strictEqual(right.body.totp.name, 'Work phone');
    const again = await client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
      token: totpAt(pending.body.secret, nowSeconds() + 30),
    });
    assert.strictEqual(errorCode(again), 'authenticator_already_enabled');
    const listed = (await client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.totp;
    assert.deepEqual(
      listed.map((a) => a.name),
      ['Work phone'],
    );
  });

  test("members cannot see, enable, rename or remove another member's authenticator", async (assert) => {
    const alice = await memberWithAuthenticator(forum(), 'alice');
    const mallory = forum().client();
    await mallory.signUp(newMember('mallory'));
    const id = alice.authenticatorId;
    assert.strictEqual(
      errorCode(await mallory.put(`/api/u/me/second-factors/totp/${id}`, { name: 'mine' })),
      'authenticator_not_found',
    );
    assert.strictEqual(
      errorCode(await mallory.delete(`/api/u/me/second-factors/totp/${id}`)),
      'authenticator_not_found',
    );
    assert.strictEqual(
      errorCode(await mallory.post(`/api/u/me/second-factors/totp/${id}/enable`, { token: '123456' })),
      'authenticator_not_found',
    );
    assert.strictEqual((await alice.client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.totp.length, 1);
  });

  test('rename; bad names and ids are refused', async (assert) => {
    const { client, authenticatorId } = await memberWithAuthenticator(forum());
    const renamed = await client.put<{ totp: { name: string } }>(`/api/u/me/second-factors/totp/${authenticatorId}`, {
      name: '  Tablet ',
    });
    assert.strictEqual(renamed.body.totp.name, 'Tablet');
    for (const name of ['', 'x'.repeat(51), 'tab\u0007let']) {
      assert.strictEqual(
        errorCode(await client.put(`/api/u/me/second-factors/totp/${authenticatorId}`, { name })),
        'invalid_request',
        JSON.stringify(name),
      );
    }
    assert.strictEqual(
      errorCode(await client.put('/api/u/me/second-factors/totp/abc', { name: 'x' })),
      'invalid_request',
    );
    assert.strictEqual(
      errorCode(await client.put('/api/u/me/second-factors/totp/99999999999', { name: 'x' })),
      'invalid_request',
    );
    assert.strictEqual(
      errorCode(await client.put(`/api/u/me/second-factors/totp/${authenticatorId}`, { name: 'x', extra: 1 })),
      'invalid_request',
    );
  });

  test('visitors get 401 from every member route', async (assert) => {
    const visitor = forum().client();
    assert.strictEqual(errorCode(await visitor.get('/api/u/me/second-factors')), 'not_logged_in');
    assert.strictEqual(errorCode(await visitor.post('/api/u/me/second-factors/totp', {})), 'not_logged_in');
    assert.strictEqual(errorCode(await visitor.delete('/api/u/me/second-factors/totp/1')), 'not_logged_in');
  });

  test('events are written for create, enable, rename and remove, without secrets', async (assert) => {
    const { client, secret, authenticatorId, member } = await memberWithAuthenticator(forum());
    await client.put(`/api/u/me/second-factors/totp/${authenticatorId}`, { name: 'Renamed' });
    await client.delete(`/api/u/me/second-factors/totp/${authenticatorId}`);
    const user = await forum().forum.services.db('users').where({ username: member.username }).first();
    const events = await forum().forum.services.db('second_factor_events').where({ user_id: user.id }).orderBy('id');
    assert.deepEqual(
      events.map((e) => e.event),
      ['totp_created', 'totp_enabled', 'backup_codes_created', 'totp_renamed', 'backup_codes_removed', 'totp_removed'],
    );
    assert.ok(
      events.every((e) => typeof e.ip === 'string' && e.ip !== '' && e.user_agent === 'node'),
      'ip and user agent (fetch sends "node") recorded',
    );
    assert.notOk(JSON.stringify(events).includes(secret));
  });
});
