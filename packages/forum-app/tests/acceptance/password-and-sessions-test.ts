import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, fillIn, visit } from '@ember/test-helpers';
import {
  createAuthenticatorOnServer,
  logInOnServer,
  logOutOnServer,
  nextTotpCode,
  sendJson,
  signUpOnServer,
} from 'forum-app/tests/helpers/server';
import { totpCode } from 'forum-app/tests/helpers/totp';

// Preferences → Security: change the password, see where you're logged in. Against the real server.
module('Acceptance | password and sessions', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('a member changes their password; a wrong current one is refused and changes nothing', async function (assert) {
    const member = await signUpOnServer();
    await visit(`/u/${member.username}/preferences/security`);
    assert.dom('[data-test-member-session="current"]').includesText('This browser');

    await fillIn('#change-password-current', 'not the password at all');
    await fillIn('#change-password-new', 'a fresh long password');
    await click('[data-test-change-password] button[type="submit"]');
    assert.dom('[data-test-change-password-error]').hasText('Your current password is not correct.');

    await fillIn('#change-password-current', member.password);
    await click('[data-test-change-password] button[type="submit"]');
    assert.dom('[data-test-change-password-status]').hasText('Password changed. You were logged out everywhere else.');
    assert.dom('#change-password-current').hasValue('', 'the fields are emptied');

    await logOutOnServer();
    await logInOnServer({ username: member.username, password: 'a fresh long password' });
    const current = (await (await fetch('/api/session/current')).json()) as { user?: { username: string } };
    assert.strictEqual(current.user?.username, member.username, 'the new password logs in');
  });

  test('once the recent-login window is closed, the password change asks for the second factor in the plugin’s words', async function (assert) {
    const member = await signUpOnServer();
    const pending = await createAuthenticatorOnServer();
    const enabled = await sendJson<{ backupCodes: string[] }>(
      'POST',
      `/api/u/me/second-factors/totp/${pending.id}/enable`,
      { token: await totpCode(pending.secret), name: 'Phone' },
    );
    // A login on a trusted browser starts a session without the recent-login window: the
    // password change then needs a second factor as well.
    await logOutOnServer();
    const step = await sendJson<{ challenge: string }>('POST', '/api/session', {
      login: member.username,
      password: member.password,
    });
    await sendJson('POST', '/api/session/second-factor', {
      challenge: step.challenge,
      method: 'totp',
      token: await nextTotpCode(pending.secret),
      rememberDevice: true,
    });
    await logOutOnServer();
    await logInOnServer(member);

    await visit(`/u/${member.username}/preferences/security`);
    await fillIn('#change-password-current', member.password);
    await fillIn('#change-password-new', 'another long password');
    await click('[data-test-change-password] button[type="submit"]');
    assert
      .dom('[data-test-change-password-error]')
      .hasText('Confirm with your second factor as well: your last login was a while ago.');
    assert.dom('[data-test-change-password-second-factor]').exists('the plugin asks, in the host’s form');
    assert.dom('#change-password-code').exists('the app code first');

    await click('[data-test-change-password-use-backup-code]');
    await fillIn('#change-password-backup-code', enabled.backupCodes[0]!);
    await click('[data-test-change-password] button[type="submit"]');
    assert.dom('[data-test-change-password-status]').hasText('Password changed. You were logged out everywhere else.');
    assert.dom('[data-test-change-password-second-factor]').doesNotExist('nothing more to ask');

    await logOutOnServer();
    const again = await sendJson<{ challenge?: string }>('POST', '/api/session', {
      login: member.username,
      password: 'another long password',
    });
    assert.ok(again.challenge, 'the new password is the one (and trust ended with the change)');
  });
});
