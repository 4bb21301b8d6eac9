import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, fillIn, visit } from '@ember/test-helpers';
import { logInOnServer, logOutOnServer, signUpOnServer } from 'forum-app/tests/helpers/server';

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
});
