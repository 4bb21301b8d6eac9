import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { visit } from '@ember/test-helpers';
import { logOutOnServer } from 'forum-app/tests/helpers/server';
import { memberWithAuthenticatorThenAdmin } from 'forum-app/tests/helpers/admin';

// The Mail page against the real server, which runs without SMTP_URL in these tests.
module('Acceptance | admin mail', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('without SMTP the Mail page says mail is not being sent, and lists the notice as queued', async function (assert) {
    const member = await memberWithAuthenticatorThenAdmin();

    await visit('/admin/mail');
    assert.dom('[data-test-mail-not-sent]').includesText('Mail is not being sent.');
    const row = [...document.querySelectorAll('[data-test-mail]')].find((li) => li.textContent?.includes(member.email));
    assert.ok(row, 'the notice to the member is listed');
    assert.strictEqual(row?.querySelector('[data-test-mail-status]')?.getAttribute('data-test-mail-status'), 'queued');
    assert.dom('[data-test-mail-retry]').doesNotExist('nothing to retry without SMTP');
  });
});
