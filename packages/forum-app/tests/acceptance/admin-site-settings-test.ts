import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, currentURL, fillIn, visit } from '@ember/test-helpers';
import {
  adminCredentials,
  logInOnServer,
  logOutOnServer,
  signUpOnServer,
} from 'forum-app/tests/helpers/server';

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

  test('an admin saves a string setting and resets it to its default', async function (assert) {
    await logInOnServer(adminCredentials());
    await visit('/admin/site-settings');
    const input = document.querySelector<HTMLInputElement>('.setting input[type="text"]');
    assert.ok(input, 'the host declares a string setting (the forum name)');
    if (!input) return;
    const row = input.closest<HTMLElement>('[data-test-setting]');
    const name = row?.dataset['testSetting'] ?? '';
    const rowSelector = `[data-test-setting="${name}"]`;

    await fillIn(`${rowSelector} input`, `Edited ${Date.now()}`);
    await click(`${rowSelector} .btn-primary`);
    assert.dom(`${rowSelector} [data-test-setting-status]`).hasText('Saved.');
    assert.dom(`${rowSelector} [data-test-setting-error]`).hasNoText();

    await click(`${rowSelector} .setting-actions .btn:not(.btn-primary)`);
    assert.dom(`${rowSelector} [data-test-setting-status]`).hasText('Reset to default.');
  });

  test('an out-of-range number is refused with the server message', async function (assert) {
    await logInOnServer(adminCredentials());
    await visit('/admin/site-settings');
    const input = document.querySelector<HTMLInputElement>('.setting input[type="number"][max]');
    assert.ok(input, 'the host declares bounded integer settings (the attempt limits)');
    if (!input) return;
    const name = input.closest<HTMLElement>('[data-test-setting]')?.dataset['testSetting'] ?? '';
    const rowSelector = `[data-test-setting="${name}"]`;
    await fillIn(`${rowSelector} input`, String(Number(input.max) + 1000));
    await click(`${rowSelector} .btn-primary`);
    assert.dom(`${rowSelector} [data-test-setting-error]`).hasAnyText();
  });

  test('a member who is not an admin is sent home', async function (assert) {
    await signUpOnServer();
    await visit('/admin/site-settings');
    assert.strictEqual(currentURL(), '/');
    assert.dom('.site-header').doesNotIncludeText('Admin');
  });
});
