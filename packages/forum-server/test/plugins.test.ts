import QUnit from 'qunit';
import { startTestForum } from '../src/testing/index.js';
import { writeGreetingManifest } from './fixtures/greeting-manifest.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

module('plugin loader', (hooks) => {
  const forum = useForum(hooks, { pluginManifests: [writeGreetingManifest()] });

  test("runs the plugin's migrations after the host's, under its own name", async (assert) => {
    const names = await forum().forum.services.db('knex_migrations').orderBy('id').pluck('name');
    assert.deepEqual(names, [
      'forum/0001-initial-schema',
      'forum/0002-login-challenges',
      'forum/0003-mail-outbox',
      'forum/0004-attempt-counters',
      'forum/0005-known-devices',
      'forum/0006-second-factor-grants',
      'forum/0007-mail-delivery',
      'forum/0008-abandoned-login-challenges',
      'forum/0009-trusted-devices',
      'forum/0010-site-settings-changes',
      'greeting/0001-greetings',
    ]);
  });

  test("mounts the plugin's routes under /api with the host's sessions, CSRF and errors", async (assert) => {
    const client = forum().client();
    const greeting = await client.get('/api/greeting');
    assert.deepEqual(greeting.body, { greeting: 'hello', plugin: 'greeting' });
    assert.strictEqual(errorCode(await client.post('/api/greetings', { text: 'hi' })), 'not_logged_in');
    await client.signUp(newMember());
    assert.strictEqual(errorCode(await client.post('/api/greetings', { text: 'hi' }, { csrf: false })), 'invalid_csrf');
    assert.strictEqual(errorCode(await client.post('/api/greetings', { text: 7 })), 'invalid_greeting');
    assert.strictEqual((await client.post('/api/greetings', { text: 'top secret' })).status, 201);
  });

  test("the plugin's secret box encrypts at rest", async (assert) => {
    const rows = await forum().forum.services.db('greetings').select('text');
    assert.ok(rows.length > 0);
    assert.notOk(JSON.stringify(rows).includes('top secret'));
    assert.ok(String(rows[0].text).startsWith('v1.'));
  });

  test('GET /api/site names the plugin and whether it is enabled', async (assert) => {
    const site = await forum().client().get<{ plugins: unknown[] }>('/api/site');
    assert.deepEqual(site.body.plugins, [{ name: 'greeting', version: '1.0.0', enabled: true }]);
  });
});

module('plugin manifests that cannot load', () => {
  test('a plugin needing a newer host is refused with a clear message', async (assert) => {
    await assert.rejects(
      startTestForum({ pluginManifests: [writeGreetingManifest({ minimumHostVersion: '99.0.0' })] }),
      /needs forum 99\.0\.0 or newer/,
    );
  });

  test('an invalid manifest names the field', async (assert) => {
    await assert.rejects(
      startTestForum({
        pluginManifests: [
          writeGreetingManifest({ settings: { x_y: { type: 'integer', default: 1, description: 'no bounds' } } }),
        ],
      }),
      /Invalid plugin manifest .*settings\.x_y/,
    );
  });
});
