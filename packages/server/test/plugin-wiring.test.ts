import { fileURLToPath } from 'node:url';
import QUnit from 'qunit';
import { startTestForum, type TestForum } from 'forum-server/testing';

const { module, test } = QUnit;
const pluginManifest = fileURLToPath(new URL('../../../../plugin.json', import.meta.url));

module('second-factor plugin wiring', (hooks) => {
  let forum: TestForum;
  hooks.before(async () => {
    forum = await startTestForum({ pluginManifests: [pluginManifest] });
  });
  hooks.after(async () => {
    await forum.stop();
  });

  test('the host loads the plugin from plugin.json and reports it enabled', async (assert) => {
    const site = await forum.client().get<{ plugins: unknown[]; settings: Record<string, unknown> }>('/api/site');
    assert.deepEqual(site.body.plugins, [{ name: 'second-factor', version: '0.1.0', enabled: true }]);
    assert.strictEqual(site.body.settings.backup_codes_count, 10);
    assert.strictEqual(site.body.settings.enforce_second_factor, 'no');
  });

  test('the settings refuse weak backup codes: fewer than 5 codes or 50 bits', async (assert) => {
    const admin = { username: 'plugin_admin', email: 'plugin_admin@example.test', password: 'a long admin password' };
    await forum.forum.createUser({ ...admin, admin: true });
    const client = forum.client();
    await client.logIn(admin.username, admin.password);
    const tooFew = await client.put('/api/admin/site-settings', { settings: { backup_codes_count: 4 } });
    assert.deepEqual(tooFew.body, {
      error: { code: 'invalid_setting', message: 'Backup codes per batch (backup_codes_count) must be at least 5.' },
    });
    const tooShort = await client.put('/api/admin/site-settings', { settings: { backup_code_length: 11 } });
    assert.deepEqual(tooShort.body, {
      error: { code: 'invalid_setting', message: 'Backup code length (backup_code_length) must be at least 12.' },
    });
    const fine = await client.put('/api/admin/site-settings', { settings: { backup_codes_count: 12 } });
    assert.strictEqual(fine.status, 200);
  });
});
