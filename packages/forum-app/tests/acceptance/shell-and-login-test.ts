import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, fillIn, visit } from '@ember/test-helpers';
import { logOutOnServer, setupToken, signUpOnServer, uniqueUsername } from 'forum-app/tests/helpers/server';

// Against the real forum server (tests/run-with-server.mjs): no API mocks.
module('Acceptance | shell and login', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('a visitor sees the forum title and the log-in buttons', async function (assert) {
    await visit('/');
    assert.strictEqual(currentURL(), '/');
    assert.dom('.site-title').hasAnyText();
    assert.dom('.site-header').includesText('Log in');
    assert.dom('.site-header').includesText('Sign up');
    assert.dom('[data-test-current-user]').doesNotExist();
  });

  test('a visitor signs up, is logged in, and logs out', async function (assert) {
    const username = uniqueUsername('s');
    await visit('/');
    await click('.site-header .btn:not(.btn-primary)');
    assert.dom('[role="dialog"] #modal-title').hasText('Sign up');
    await fillIn('#signup-username', username);
    await fillIn('#signup-email', `${username}@example.test`);
    await fillIn('#signup-password', `pw-${username}-correct-horse`);
    await click('[role="dialog"] button[type="submit"]');

    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-current-user]').hasText(username);
    assert.dom('.site-header').doesNotIncludeText('Admin', 'members see no admin link');

    await click('.site-header .btn-link');
    assert.dom('[data-test-current-user]').doesNotExist();
    assert.dom('.site-header').includesText('Log in');
  });

  test('a member logs in with the login modal; a wrong password shows the error', async function (assert) {
    const member = await signUpOnServer();
    await logOutOnServer();
    await visit('/');
    await click('.site-header .btn-primary');
    assert.dom('#login-name').isFocused();

    await fillIn('#login-name', member.username);
    await fillIn('#login-password', 'wrong-password');
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[data-test-login-error]').hasAnyText();

    await fillIn('#login-password', member.password);
    await click('[role="dialog"] button[type="submit"]');
    assert.dom('[role="dialog"]').doesNotExist();
    assert.dom('[data-test-current-user]').hasText(member.username);
  });

  test('a member stays logged in across a reload', async function (assert) {
    const member = await signUpOnServer();
    await visit('/');
    assert.dom('[data-test-current-user]').hasText(member.username);
  });

  test('an unknown setup token says the link is invalid', async function (assert) {
    await visit('/setup?token=not-a-real-token');
    assert.dom('[data-test-setup-invalid]').includesText('invalid or has already been used');
  });

  test('the setup link creates the first admin once', async function (assert) {
    const token = setupToken();
    assert.ok(token, 'the test server hands over its first-admin setup link');
    if (!token) throw new Error('no setup link to follow');
    const username = uniqueUsername('a');
    await visit(`/setup?token=${token}`);
    await fillIn('#setup-username', username);
    await fillIn('#setup-email', `${username}@example.test`);
    await fillIn('#setup-password', `pw-${username}-correct-horse`);
    await click('button[type="submit"]');

    assert.strictEqual(currentURL(), '/admin/site-settings');
    assert.dom('[data-test-current-user]').hasText(username);

    await visit(`/setup?token=${token}`);
    assert.dom('[data-test-setup-invalid]').exists('the link is used up');
  });
});
