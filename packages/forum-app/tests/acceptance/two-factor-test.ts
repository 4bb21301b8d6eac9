import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, fillIn, find, visit } from '@ember/test-helpers';
import { logOutOnServer, nextTotpCode, signUpOnServer, wrongTotpCode } from 'forum-app/tests/helpers/server';
import { totpCode } from 'forum-app/tests/helpers/totp';

/**
 * Preferences → Security → "Add authenticator app", left unnamed, through the first batch's
 * "I have saved these codes"; resolves with the authenticator's secret.
 */
async function addAuthenticatorInPreferences(username: string): Promise<string> {
  await visit(`/u/${username}/preferences/security`);
  await click('.two-factor-preferences .btn-primary');
  const secret = find('[data-test-secret]')!.textContent.replace(/\s/g, '');
  await fillIn('#authenticator-setup-code', await totpCode(secret));
  await click('[role="dialog"] button[type="submit"]');
  if (find('[data-test-backup-codes]')) {
    await click('#backup-codes-saved');
    await click('[data-test-codes-done]');
  }
  return secret;
}

// The authenticator-app journey through the whole app and the real server (no API mocks):
// the plugin's UI arrives through its outlets, found by the app through app-js.
module('Acceptance | two-factor authentication', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('an authenticator added without a name is announced in plain words', async function (assert) {
    const member = await signUpOnServer();
    await addAuthenticatorInPreferences(member.username);
    assert
      .dom('[data-test-two-factor-status]')
      .hasText('Authenticator app added.', 'not "Authenticator “Authenticator app” added."');
  });

  test('a member adds an authenticator, logs in with its code, and removes it', async function (assert) {
    const member = await signUpOnServer();
    await visit(`/u/${member.username}/preferences/account`);
    await click('.tabs a[href$="/security"]');
    assert.strictEqual(currentURL(), `/u/${member.username}/preferences/security`);
    assert.dom('[data-test-no-authenticators]').exists();

    // Add: the setup modal shows the key; compute the code the way an app would.
    await click('.two-factor-preferences .btn-primary');
    assert.dom('[role="dialog"] #modal-title').hasText('Add an authenticator app');
    assert.dom('#authenticator-setup-code').isFocused('focus starts in the dialog, on the code');
    const secret = find('[data-test-secret]')!.textContent.replace(/\s/g, '');
    await fillIn('#authenticator-name', 'Phone');
    await fillIn('#authenticator-setup-code', await totpCode(secret));
    await click('[role="dialog"] button[type="submit"]');
    if (find('[data-test-backup-codes]')) {
      // Once the server hands out the first backup codes, the modal shows them before closing,
      // and Done waits for "I have saved these codes".
      await click('#backup-codes-saved');
      await click('[data-test-codes-done]');
    }
    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-authenticator-name]').hasText('Phone');
    assert.dom('[data-test-two-factor-status]').hasText('Authenticator “Phone” added.');

    // Log out, log in: the password step now asks for the second factor.
    await click('.site-header .btn-link');
    assert.dom('[data-test-current-user]').doesNotExist();
    await click('.site-header .btn-primary');
    await fillIn('#login-name', member.username);
    await fillIn('#login-password', member.password);
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[role="dialog"] [role="status"]').includesText('uses two-factor authentication');
    assert.dom('#login-second-factor-code').isFocused();

    await fillIn('#login-second-factor-code', await wrongTotpCode(secret));
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[data-test-second-factor-error]').hasAnyText('a wrong code is refused with a message');
    assert.dom('[data-test-current-user]').doesNotExist();

    // The code that enabled the authenticator is spent: use the next step's.
    await fillIn('#login-second-factor-code', await nextTotpCode(secret));
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-current-user]').hasText(member.username);

    // Just logged in, so the recent-authentication window is open: removing needs no confirm.
    await visit(`/u/${member.username}/preferences/security`);
    await click('[data-test-authenticator] .actions button:nth-of-type(2)');
    await click('.btn-danger');
    assert.dom('[data-test-authenticator]').doesNotExist();
    assert.dom('[data-test-no-authenticators]').exists();
  });

  test('an expired login challenge sends the member back to the password step', async function (assert) {
    const member = await signUpOnServer();
    const secret = await addAuthenticatorInPreferences(member.username);

    await click('.site-header .btn-link');
    await click('.site-header .btn-primary');
    await fillIn('#login-name', member.username);
    await fillIn('#login-password', member.password);
    await click('[role="dialog"] button[type="submit"]');
    // Another tab's logout ends this browser's session, and with it the challenge.
    await logOutOnServer();
    await fillIn('#login-second-factor-code', await nextTotpCode(secret));
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('#login-password').isFocused('back to the password step');
    assert.dom('[data-test-login-error]').includesText('Enter your password again');
  });
});
