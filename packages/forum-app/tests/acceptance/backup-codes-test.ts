import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, fillIn, find, visit } from '@ember/test-helpers';
import { logOutOnServer, nextTotpCode, signUpOnServer } from 'forum-app/tests/helpers/server';
import { totpCode } from 'forum-app/tests/helpers/totp';
import {
  answerWithBackupCode,
  codesOnScreen,
  enrolWithBackupCodesOnServer,
  logInWithPassword,
} from 'forum-app/tests/helpers/backup-codes';

// The backup-code journeys through the whole app and the real server (no API mocks).
module('Acceptance | backup codes', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('first batch at setup, login with a code, used codes listed, new batch replaces the old', async function (assert) {
    const member = await signUpOnServer();
    await visit(`/u/${member.username}/preferences/security`);
    assert.dom('[data-test-create-codes]').isDisabled('no backup codes without an authenticator');
    assert.dom('[data-test-backup-codes-unavailable]').includesText('Add an authenticator app or a security key first');

    // Set up an authenticator: the same dialog goes on to the first batch, Download focused.
    await click('.two-factor-preferences .btn-primary');
    const secret = find('[data-test-secret]')!.textContent.replace(/\s/g, '');
    await fillIn('#authenticator-setup-code', await totpCode(secret));
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[role="dialog"] #modal-title').hasText('Save your backup codes');
    assert.dom('[data-test-download-codes]').isFocused('Download is focused first');
    const firstBatch = codesOnScreen();
    assert.strictEqual(firstBatch.length, 10);
    assert.true(
      firstBatch.every((code) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code)),
      'formatted XXXX-XXXX-XXXX',
    );
    assert.dom('[data-test-codes-done]').isDisabled('Done waits for "I have saved these codes"');
    await click('#backup-codes-saved');
    await click('[data-test-codes-done]');
    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-backup-codes-state]').includesText('10 of 10 backup codes remaining');

    // Log out; log in with the first backup code, typed loosely (lower case, no dashes).
    await click('.site-header .btn-link');
    await logInWithPassword(member);
    await click('[role="dialog"] [data-test-switch-method]');
    assert.dom('#login-backup-code').isFocused();
    await answerWithBackupCode(firstBatch[0]!.toLowerCase().replace(/-/g, ''));
    assert.dom('[data-test-current-user]').hasText(member.username);
    assert.dom('[role="dialog"] #modal-title').hasText('You logged in with a backup code');
    assert.dom('[data-test-backup-code-login-notice]').includesText('You used code #1; 9 remain.');

    // The notice leads to the security preferences: code #1 is listed as used.
    await click('[data-test-notice-create-codes]');
    assert.dom('[role="dialog"]').doesNotExist();
    assert.strictEqual(currentURL(), `/u/${member.username}/preferences/security`);
    assert.dom('[data-test-backup-codes-state]').includesText('9 of 10 backup codes remaining');
    assert.dom('[data-test-backup-codes-used]').includesText('#1 used');

    // Create new codes: the authenticator's code first, then the new batch, once.
    await click('[data-test-create-codes]');
    assert.dom('[role="dialog"] #modal-title').hasText('Create new backup codes');
    assert.dom('[data-test-backup-codes]').doesNotExist('no codes before the token');
    await fillIn('#backup-codes-verify-code', await nextTotpCode(secret));
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[role="dialog"] #modal-title').hasText('Your new backup codes');
    const secondBatch = codesOnScreen();
    assert.strictEqual(secondBatch.length, 10);
    assert.notDeepEqual(secondBatch, firstBatch);
    await click('#backup-codes-saved');
    await click('[data-test-codes-done]');
    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-backup-codes-state]').includesText('10 of 10 backup codes remaining');
    assert.dom('[data-test-backup-codes-used]').doesNotExist();

    // An old code no longer logs in.
    await click('.site-header .btn-link');
    await logInWithPassword(member);
    await answerWithBackupCode(firstBatch[1]!);
    assert.dom('[data-test-second-factor-error]').hasAnyText('the old code is refused with a message');
    assert.dom('[data-test-current-user]').doesNotExist();
    // Kept and selected, not cleared: the member can see what they typed, and typing replaces it.
    assert.dom('#login-backup-code').hasValue(firstBatch[1], 'kept for another look').isFocused();
  });

  test('a used backup code is refused with when it was used; too many wrong codes say when to retry', async function (assert) {
    const member = await signUpOnServer();
    const { backupCodes } = await enrolWithBackupCodesOnServer();
    await logOutOnServer();

    await visit('/');
    await logInWithPassword(member);
    await answerWithBackupCode(backupCodes[0]!);
    assert.dom('[data-test-backup-code-login-notice]').includesText('You used code #1; 9 remain.');
    await click('[data-test-notice-ok]');
    assert.dom('[role="dialog"]').doesNotExist();

    await click('.site-header .btn-link');
    await logInWithPassword(member);
    await answerWithBackupCode(backupCodes[0]!);
    assert.dom('[data-test-second-factor-error]').hasAttribute('aria-live', 'assertive').hasAnyText();
    const usedMessage = find('[data-test-second-factor-error]')!.textContent;
    assert.dom('[data-test-current-user]').doesNotExist();

    // Wrong codes until the challenge runs out (back to the password step), then the lockout.
    for (let attempt = 0; attempt < 5 && find('#login-backup-code'); attempt += 1) {
      await answerWithBackupCode('ZZZZ-ZZZZ-ZZZZ');
    }
    assert.dom('#login-password').exists('too many wrong codes: back to the password step');
    await fillIn('#login-password', member.password);
    await click('[role="dialog"] button[type="submit"]');
    await answerWithBackupCode(backupCodes[1]!);
    assert.dom('[data-test-second-factor-error]').includesText('You can try again at', 'a lockout says when to retry');
    assert.dom('[data-test-current-user]').doesNotExist('even a right code waits out the lockout');
    assert.notStrictEqual(usedMessage, '', `used-code message: ${usedMessage}`);
  });
});
