import QUnit from 'qunit';
import type { SecondFactorsStatus } from '@second-factor/core';
import { logInWithBackupCode, setSettings, userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module('backup codes and the admin settings', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  hooks.afterEach(async () => {
    await setSettings(forum(), {
      backup_codes_enabled: true,
      backup_codes_count: 10,
      backup_code_length: 12,
      backup_codes_low_threshold: 2,
    });
  });

  test('switched off: hidden from login and refused, but kept; switched on: they work again', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const codes = enrolled.enableResponse.backupCodes as string[];
    await setSettings(forum(), { backup_codes_enabled: false });

    const status = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.false(status.body.backupCodes.enabled);
    const login = await logInWithBackupCode(forum(), enrolled, codes[0]!).catch(() => null);
    assert.deepEqual(login?.step1.methods, ['totp'], 'login no longer offers backup codes');
    assert.strictEqual(errorCode(login!.response), 'method_not_available');
    const create = await enrolled.client.post('/api/u/me/backup-codes', {
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(create.status, 403);
    assert.strictEqual(errorCode(create), 'backup_codes_disabled');
    const rows = await forum()
      .forum.services.db('user_second_factors')
      .where({ user_id: await userIdOf(forum(), enrolled.member.username), method: 2, enabled: true });
    assert.strictEqual(rows.length, 10, 'the codes are kept');

    await setSettings(forum(), { backup_codes_enabled: true });
    const again = await logInWithBackupCode(forum(), enrolled, codes[0]!);
    assert.strictEqual(again.response.status, 200, 'the same code works once the feature is back');
  });

  test('members can remove their stored codes while the feature is off', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    await setSettings(forum(), { backup_codes_enabled: false });
    assert.strictEqual((await enrolled.client.delete('/api/u/me/backup-codes')).status, 204);
    const rows = await forum()
      .forum.services.db('user_second_factors')
      .where({ user_id: await userIdOf(forum(), enrolled.member.username), method: 2 });
    assert.deepEqual(rows, []);
  });

  test('no first batch while the feature is off', async (assert) => {
    await setSettings(forum(), { backup_codes_enabled: false });
    const enrolled = await memberWithAuthenticator(forum());
    assert.notOk('backupCodes' in enrolled.enableResponse);
  });

  test('count and length come from the settings; weak values are refused', async (assert) => {
    const admin = forum().client();
    await forum().forum.createUser({
      username: 'settings_admin',
      email: 'settings_admin@example.test',
      password: 'a long admin password',
      admin: true,
    });
    await admin.logIn('settings_admin', 'a long admin password');
    const tooFew = await admin.put('/api/admin/site-settings', { settings: { backup_codes_count: 3 } });
    assert.strictEqual(errorCode(tooFew), 'invalid_setting');

    await setSettings(forum(), { backup_codes_count: 12, backup_code_length: 16 });
    const enrolled = await memberWithAuthenticator(forum());
    const codes = enrolled.enableResponse.backupCodes as string[];
    assert.strictEqual(codes.length, 12);
    for (const code of codes) assert.ok(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(code), code);
    const login = await logInWithBackupCode(forum(), enrolled, codes[11]!);
    assert.strictEqual(login.response.status, 200);

    await setSettings(forum(), { backup_code_length: 12 });
    const stillWorks = await logInWithBackupCode(forum(), enrolled, codes[10]!);
    assert.strictEqual(stillWorks.response.status, 200, 'a batch printed before the length changed keeps working');
  });

  test('a "low codes" event when the remaining codes fall to the threshold', async (assert) => {
    await setSettings(forum(), { backup_codes_count: 5, backup_codes_low_threshold: 3 });
    const enrolled = await memberWithAuthenticator(forum());
    const codes = enrolled.enableResponse.backupCodes as string[];
    for (const code of codes.slice(0, 3)) {
      const login = await logInWithBackupCode(forum(), enrolled, code);
      assert.strictEqual(login.response.status, 200);
    }
    const low = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: await userIdOf(forum(), enrolled.member.username), event: 'backup_codes_low' });
    assert.deepEqual(
      low.map((e) => e.details),
      [{ remaining: 3 }],
      'once, at the threshold',
    );
  });
});
