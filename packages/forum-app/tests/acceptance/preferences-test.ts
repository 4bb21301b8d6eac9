import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, visit } from '@ember/test-helpers';
import { logOutOnServer, signUpOnServer } from 'forum-app/tests/helpers/server';

module('Acceptance | preferences', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('the account tab shows who you are', async function (assert) {
    const member = await signUpOnServer();
    await visit(`/u/${member.username}/preferences`);
    assert.strictEqual(currentURL(), `/u/${member.username}/preferences/account`);
    assert.dom('[data-test-account-username]').hasText(member.username);
    assert.dom('[data-test-account-email]').hasText(member.email);
  });

  test("the security tab shows the host's content and the two-factor plugin's section", async function (assert) {
    const member = await signUpOnServer();
    await visit(`/u/${member.username}/preferences/account`);
    await click('.tabs a[href$="/security"]');
    assert.strictEqual(currentURL(), `/u/${member.username}/preferences/security`);
    assert.dom('#password-heading').hasText('Password');
    // Registered by @second-factor/frontend's instance-initializer, found through app-js.
    assert.dom('.two-factor-preferences h3').hasText('Two-factor authentication');
  });

  test('a visitor is sent home and asked to log in', async function (assert) {
    await visit('/u/someone/preferences/security');
    assert.strictEqual(currentURL(), '/');
    assert.dom('[role="dialog"] #modal-title').hasText('Log in');
  });
});
