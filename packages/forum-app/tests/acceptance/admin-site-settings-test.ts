import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, fillIn, visit } from '@ember/test-helpers';
import { adminCredentials, logInOnServer, logOutOnServer, signUpOnServer } from 'forum-app/tests/helpers/server';

module('Acceptance | admin site settings', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
  });

  test('an admin sees the Admin link and the settings grouped by plugin', async function (assert) {
    await logInOnServer(adminCredentials());
    await visit('/');
    await click('.site-header a[href="/admin/site-settings"]');
    assert.strictEqual(currentURL(), '/admin/site-settings');
    assert.dom('[data-test-settings-group="Forum"]').exists();
    assert.dom('.setting').exists('the server lists settings');
  });

  test('an admin changes the forum name and goes back to the default, each with one Save', async function (assert) {
    await logInOnServer(adminCredentials());
    await visit('/admin/site-settings');
    const row = '[data-test-setting="title"]';
    assert.dom(`${row} input[type="text"]`).exists('the host declares the forum name');

    await fillIn(`${row} input`, `Edited ${Date.now()}`);
    await click('[data-test-settings-save]');
    assert.dom('[data-test-settings-status]').hasText('Saved 1 change.');
    assert.dom('[data-test-settings-error]').hasNoText();
    assert.dom('.site-header').includesText('Edited', 'the header reads the saved name');

    await click(`${row} [data-test-setting-use-default]`);
    await click('[data-test-settings-save]');
    assert.dom('[data-test-settings-status]').hasText('Saved 1 change.');
    await visit('/');
    await visit('/admin/site-settings');
    assert.dom(`${row} input`).hasValue('Forum', 'saved on the server');
  });

  test('an out-of-range number is refused on its row and nothing is saved', async function (assert) {
    await logInOnServer(adminCredentials());
    await visit('/admin/site-settings');
    const row = '[data-test-setting="login_max_failures_per_ip"]';
    assert.dom(`${row} input[type="number"][max]`).exists('the host declares bounded attempt limits');
    const max = Number(document.querySelector<HTMLInputElement>(`${row} input`)?.max);
    await fillIn(`${row} input`, String(max + 1000));
    await click('[data-test-settings-save]');
    assert.dom(`${row} [data-test-setting-problem]`).hasText(`Enter at most ${max}.`);
    assert.dom('[data-test-settings-error]').hasText('Not saved: 1 setting needs a fix.');
  });

  test('leaving with unsaved changes asks first: Stay keeps them, Leave goes', async function (assert) {
    await logInOnServer(adminCredentials());
    await visit('/admin/site-settings');
    await fillIn('[data-test-setting="title"] input', 'Not saved yet');

    await click('.tabs a[href="/admin/users"]');
    assert.strictEqual(currentURL(), '/admin/site-settings', 'still on the page');
    assert.dom('.modal').includesText('Leave without saving?').includesText('unsaved changes to site settings');
    assert.dom('[data-test-stay]').isFocused('staying is the default');
    await click('[data-test-stay]');
    assert.dom('.modal').doesNotExist();
    assert.dom('[data-test-setting="title"] input').hasValue('Not saved yet');

    await click('.tabs a[href="/admin/users"]');
    await click('[data-test-leave-without-saving]');
    assert.strictEqual(currentURL(), '/admin/users');

    await visit('/admin/site-settings');
    assert.dom('[data-test-setting="title"] input').hasValue('Forum', 'nothing was saved');
    await click('.tabs a[href="/admin/users"]');
    assert.strictEqual(currentURL(), '/admin/users', 'no question without changes');
    assert.dom('.modal').doesNotExist();
  });

  test('a member who is not an admin is sent home', async function (assert) {
    await signUpOnServer();
    await visit('/admin/site-settings');
    assert.strictEqual(currentURL(), '/');
    assert.dom('.site-header').doesNotIncludeText('Admin');
  });
});
