import argon2 from 'argon2';
import QUnit from 'qunit';
import type { SecondFactorsStatus } from '@second-factor/core';
import { logInWithBackupCode, userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

function codesOf(enableResponse: Record<string, unknown>): string[] {
  return enableResponse.backupCodes as string[];
}

module('backup codes', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('enabling the first authenticator hands over the first batch: 10 codes, shown grouped, never again', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const codes = codesOf(enrolled.enableResponse);
    assert.strictEqual(codes.length, 10);
    for (const code of codes) assert.ok(CODE_FORMAT.test(code), code);
    const status = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual(
      { ...status.body.backupCodes, createdAt: typeof status.body.backupCodes.createdAt },
      { enabled: true, total: 10, remaining: 10, used: [], createdAt: 'string' },
    );
    const events = await enrolled.client.get('/api/u/me/second-factor-events');
    for (const code of codes) {
      for (const text of [status.text, events.text])
        assert.notOk(text.includes(code.replaceAll('-', '')) || text.includes(code), 'no endpoint shows a code again');
    }

    const second = await enrolled.client.post<{ id: number; secret: string }>('/api/u/me/second-factors/totp', {
      name: 'Tablet',
    });
    const enabled = await enrolled.client.post(`/api/u/me/second-factors/totp/${second.body.id}/enable`, {
      token: totpAt(second.body.secret, nowSeconds()),
    });
    assert.notOk('backupCodes' in enabled.body, 'no new batch for a second authenticator');
  });

  test('stored as argon2id hashes with a salt of their own; no code text in the database', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const codes = codesOf(enrolled.enableResponse).map((c) => c.replaceAll('-', ''));
    const rows = await forum()
      .forum.services.db('user_second_factors')
      .where({ user_id: await userIdOf(forum(), enrolled.member.username), method: 2 })
      .orderByRaw("(data->>'position')::int");
    assert.strictEqual(rows.length, 10);
    const dump = JSON.stringify(rows);
    for (const code of codes) assert.notOk(dump.includes(code.slice(2)), 'no secret part of any code in the rows');
    const salts = rows.map((r) => String(r.data.hash).split('$')[4]);
    assert.strictEqual(new Set(salts).size, 10, 'ten different salts');
    for (const salt of salts) assert.ok(Buffer.from(salt!, 'base64').length >= 16, 'salt of at least 16 bytes');
    for (const [i, row] of rows.entries()) {
      assert.ok(String(row.data.hash).startsWith('$argon2id$'));
      assert.true(await argon2.verify(row.data.hash, codes[i]!), `hash of code #${i + 1} verifies`);
      assert.strictEqual(row.data.position, i + 1);
      assert.strictEqual(row.data.identifier, codes[i]!.slice(0, 2));
    }
  });

  test('a backup code logs in once; the second use is refused and the status shows it used', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const codes = codesOf(enrolled.enableResponse);
    const first = await logInWithBackupCode(forum(), enrolled, codes[0]!.toLowerCase().replaceAll('-', ' '));
    assert.deepEqual(first.step1.methods, ['totp', 'backup_code'], 'login offers backup codes');
    assert.strictEqual(first.response.status, 200, first.response.text);
    const status = await first.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.strictEqual(status.body.backupCodes.remaining, 9);
    assert.deepEqual(
      status.body.backupCodes.used.map((u) => u.position),
      [1],
    );

    const again = await logInWithBackupCode(forum(), enrolled, codes[0]!);
    assert.strictEqual(again.response.status, 401);
    assert.strictEqual(errorCode(again.response), 'code_already_used');
    const usedOn = forum().clock.now().toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    assert.strictEqual(
      (again.response.body as { error: { message: string } }).error.message,
      `That backup code was already used (${usedOn}). Try another one.`,
      'the date as the rest of the forum writes it, not ISO',
    );
    const wrong = await logInWithBackupCode(forum(), enrolled, 'ZZZZ-ZZZZ-ZZZZ');
    assert.strictEqual(errorCode(wrong.response), 'invalid_second_factor');
    const malformed = await logInWithBackupCode(forum(), enrolled, 'not a code!');
    assert.strictEqual(errorCode(malformed.response), 'invalid_token_format');

    const events = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: await userIdOf(forum(), enrolled.member.username) })
      .orderBy('id');
    const used = events.find((e) => e.event === 'backup_code_used');
    assert.deepEqual(used.details, { purpose: 'login', position: 1, remaining: 9 });
    assert.deepEqual(
      events.filter((e) => e.event === 'backup_code_failed').map((e) => e.details.reason),
      ['already_used', 'wrong'],
    );
    assert.notOk(JSON.stringify(events).includes(codes[0]!.slice(5)), 'no code in the audit log');
  });

  test('new codes need a current second factor and replace every old code', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const old = codesOf(enrolled.enableResponse);
    const noToken = await enrolled.client.post('/api/u/me/backup-codes', {});
    assert.strictEqual(errorCode(noToken), 'invalid_request');
    const wrong = await enrolled.client.post('/api/u/me/backup-codes', {
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() - 120),
    });
    assert.strictEqual(errorCode(wrong), 'invalid_second_factor');
    assert.strictEqual(
      (await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.backupCodes.remaining,
      10,
      'nothing changed',
    );

    const created = await enrolled.client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(created.status, 201, created.text);
    assert.strictEqual(created.body.backupCodes.length, 10);
    assert.strictEqual(new Set([...old, ...created.body.backupCodes]).size, 20, 'all new');

    for (const code of old.slice(0, 2)) {
      const attempt = await logInWithBackupCode(forum(), enrolled, code);
      assert.strictEqual(attempt.response.status, 401, 'an old code no longer works');
    }
    const fresh = await logInWithBackupCode(forum(), enrolled, created.body.backupCodes[3]!);
    assert.strictEqual(fresh.response.status, 200, 'a new one does');
  });

  test('a backup code is accepted as the token for new codes, and burned by it', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const [code] = codesOf(enrolled.enableResponse);
    const created = await enrolled.client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      method: 'backup_code',
      token: code,
    });
    assert.strictEqual(created.status, 201, created.text);
    const status = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual(
      [status.body.backupCodes.total, status.body.backupCodes.remaining],
      [10, 10],
      'a fresh, complete batch',
    );
  });

  test('"confirm it\'s you" accepts a backup code', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const [code] = codesOf(enrolled.enableResponse);
    const confirmed = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'backup_code',
      token: code,
    });
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    assert.strictEqual(
      (await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.backupCodes.remaining,
      9,
    );
  });

  test('new codes and removal need the recent-auth window', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    await forum()
      .forum.services.db('sessions')
      .where({ user_id: await userIdOf(forum(), enrolled.member.username) })
      .update({ recent_auth_at: new Date(Date.now() - 3600_000) });
    const create = await enrolled.client.post('/api/u/me/backup-codes', {
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(errorCode(create), 'recent_auth_required');
    assert.strictEqual(errorCode(await enrolled.client.delete('/api/u/me/backup-codes')), 'recent_auth_required');
    assert.strictEqual(
      (await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.backupCodes.remaining,
      10,
    );
  });

  test('removing the codes, or the last authenticator, leaves none; login stops offering them', async (assert) => {
    const a = await memberWithAuthenticator(forum());
    assert.strictEqual((await a.client.delete('/api/u/me/backup-codes')).status, 204);
    assert.strictEqual((await a.client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.backupCodes.total, 0);
    const login = await forum().client().logIn(a.member.username, a.member.password);
    assert.deepEqual((login.body as { methods: string[] }).methods, ['totp']);

    const b = await memberWithAuthenticator(forum());
    await b.client.delete(`/api/u/me/second-factors/totp/${b.authenticatorId}`);
    const rows = await forum()
      .forum.services.db('user_second_factors')
      .where({ user_id: await userIdOf(forum(), b.member.username) });
    assert.deepEqual(rows, [], 'codes removed with the last authenticator');
  });

  test('codes need an authenticator', async (assert) => {
    const client = forum().client();
    await client.signUp({
      username: 'no_totp_member',
      email: 'no_totp@example.test',
      password: 'a long enough password',
    });
    const response = await client.post('/api/u/me/backup-codes', { method: 'totp', token: '123456' });
    assert.strictEqual(response.status, 409);
    assert.strictEqual(errorCode(response), 'authenticator_required');
  });
});
