import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, fillIn, visit } from '@ember/test-helpers';
import {
  adminCredentials,
  addAuthenticatorOnServer,
  logInOnServer,
  logOutOnServer,
  signUpOnServer,
} from 'forum-app/tests/helpers/server';
import { memberWithAuthenticatorThenAdmin } from 'forum-app/tests/helpers/admin';

// The admin's member pages and the plugin's two-factor panel on them, against the real server.
module('Acceptance | admin users', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('an admin finds a member with 2FA, sees the summary, and resets it', async function (assert) {
    const member = await memberWithAuthenticatorThenAdmin();

    await visit('/admin');
    await click('.tabs a[href="/admin/users"]');
    assert.strictEqual(currentURL(), '/admin/users');
    await fillIn('#admin-user-query', member.username);
    await click('.admin-user-search button[type="submit"]');
    assert.dom('[data-test-admin-user-row]').exists({ count: 1 });
    await click(`[data-test-admin-user-row="${member.username}"] a`);
    assert.true(/^\/admin\/users\/\d+$/.test(currentURL()), `on the member's page (${currentURL()})`);

    assert.dom('[data-test-admin-user-name]').hasText(member.username);
    assert.dom('[data-test-admin-user-email]').hasText(member.email);
    assert.dom('[data-test-admin-user-admin]').hasText('No');
    assert.dom('#admin-two-factor-heading').hasText('Two-factor authentication');
    assert.dom('[data-test-admin-2fa-enabled]').hasText('On');
    assert.dom('[data-test-admin-2fa-authenticators]').hasText('1');
    assert.dom('[data-test-admin-2fa-backup-codes]').hasText('10', 'the first batch came with the authenticator');
    assert.dom('[data-test-admin-2fa-last-used] time').exists('enabling used a code');

    await click('[data-test-admin-2fa-reset]');
    assert.dom('[data-test-admin-2fa-confirm]').includesText(`Reset two-factor authentication for ${member.username}?`);
    // The admin logged in with a password a moment ago: no "confirm it's you" needed.
    await click('[data-test-admin-2fa-confirm-reset]');
    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-admin-2fa-status]').hasText(`Two-factor authentication reset for ${member.username}.`);
    assert.dom('[data-test-admin-2fa-enabled]').hasText('Off');
    assert.dom('[data-test-admin-2fa-authenticators]').hasText('0');
    assert.dom('[data-test-admin-2fa-backup-codes]').hasText('0');
    assert.dom('[data-test-admin-2fa-reset]').doesNotExist('nothing left to reset');
  });

  test('cancelling the confirmation resets nothing', async function (assert) {
    await signUpOnServer();
    await addAuthenticatorOnServer('Phone');
    const session = (await (await fetch('/api/session/current')).json()) as { user: { id: number } };
    await logOutOnServer();
    await logInOnServer(adminCredentials());

    await visit(`/admin/users/${session.user.id}`);
    await click('[data-test-admin-2fa-reset]');
    await click('.confirm-reset .btn:not(.btn-danger)');
    assert.dom('[data-test-admin-2fa-confirm]').doesNotExist();
    assert.dom('[data-test-admin-2fa-enabled]').hasText('On');
  });

  test('the Logs page shows a member’s two-factor events, filtered by member and event', async function (assert) {
    const member = await memberWithAuthenticatorThenAdmin();

    await visit('/admin');
    await click('.tabs a[href="/admin/logs"]');
    assert.strictEqual(currentURL(), '/admin/logs');
    assert.dom('#second-factor-events-heading').exists();

    await fillIn('#second-factor-events-username', member.username);
    await click('[data-test-events-filter] button[type="submit"]');
    const members = [...document.querySelectorAll('[data-test-event-member]')].map((cell) => cell.textContent?.trim());
    assert.true(members.length >= 2, `at least "created" and "enabled" (${members.length} rows)`);
    assert.true(
      members.every((name) => name === member.username),
      'only the member’s events',
    );
    assert.dom('[data-test-event="totp_enabled"]').includesText('Authenticator added');
    assert.dom('[data-test-events-page]').hasText(`Page 1 of 1 (${members.length} events)`);
    assert.dom('.pagination button:first-of-type').isDisabled();

    await fillIn('#second-factor-events-event', 'totp_enabled');
    await click('[data-test-events-filter] button[type="submit"]');
    assert.dom('[data-test-event]').exists({ count: 1 });
    assert.dom('[data-test-event="totp_enabled"]').exists();
  });

  test('members are not admins: the admin pages send them home', async function (assert) {
    await signUpOnServer();
    await visit('/admin/users');
    assert.strictEqual(currentURL(), '/');
    await visit('/admin/logs');
    assert.strictEqual(currentURL(), '/');
  });

  test('security notices reach the mail outbox, which the admin reads on the Mail page', async function (assert) {
    const member = await memberWithAuthenticatorThenAdmin();

    await visit('/admin/mail');
    assert.dom('.tabs a[href="/admin/mail"]').exists('the admin nav links the Mail page');
    assert.dom('[data-test-mail-outbox]').includesText(member.email);
    assert.dom('[data-test-mail-outbox]').includesText('Forum: an authenticator app was added');
  });
});
