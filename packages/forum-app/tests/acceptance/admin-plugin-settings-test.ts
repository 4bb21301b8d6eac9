import { module, test } from 'qunit';
import { setupApplicationTest } from 'forum-app/tests/helpers';
import { click, fillIn, visit } from '@ember/test-helpers';
import { adminCredentials, logInOnServer, logOutOnServer } from 'forum-app/tests/helpers/server';

// The plugin's settings on the host's settings page: grouped under the plugin's title, an
// input per type, the server's 422 message, and "Reset to default".
module('Acceptance | admin plugin settings', function (hooks) {
  setupApplicationTest(hooks);

  hooks.beforeEach(async function () {
    await logOutOnServer();
    await logInOnServer(adminCredentials());
  });

  test('the second-factor settings are grouped under the plugin, with inputs by type', async function (assert) {
    await visit('/admin/site-settings');
    const group = '[data-test-settings-group="Two-factor authentication"]';
    assert.dom(group).exists();
    assert.dom(`${group} [data-test-setting="backup_codes_enabled"] input[type="checkbox"]`).exists();
    assert
      .dom(`${group} [data-test-setting="backup_codes_count"] input[type="number"]`)
      .hasAttribute('min', '5')
      .hasAttribute('max', '20');
    assert.dom(`${group} [data-test-setting="enforce_second_factor"] select option`).exists({ count: 3 });
    assert
      .dom(`${group} [data-test-setting="backup_codes_count"] .setting-description`)
      .hasText('How many backup codes a new batch holds. From 5 to 20.');
  });

  test('backup_codes_count: 3 is refused on its row, 12 is saved, then the default', async function (assert) {
    await visit('/admin/site-settings');
    const row = '[data-test-setting="backup_codes_count"]';
    try {
      await fillIn(`${row} input`, '3');
      await click('[data-test-settings-save]');
      assert.dom(`${row} [data-test-setting-problem]`).hasText('Enter at least 5.');

      await fillIn(`${row} input`, '12');
      await click('[data-test-settings-save]');
      assert.dom('[data-test-settings-error]').hasNoText();
      assert.dom('[data-test-settings-status]').hasText('Saved 1 change.');

      // Saved on the server: a fresh page shows it.
      await visit('/');
      await visit('/admin/site-settings');
      assert.dom(`${row} input`).hasValue('12');
    } finally {
      await click(`${row} [data-test-setting-use-default]`);
      await click('[data-test-settings-save]');
    }
    assert.dom('[data-test-settings-status]').hasText('Saved 1 change.');
    assert.dom(`${row} input`).hasValue('10');
  });
});
