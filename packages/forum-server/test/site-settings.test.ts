import QUnit from 'qunit';
import type { TestClient } from '../src/testing/index.js';
import { writeGreetingManifest } from './fixtures/greeting-manifest.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

interface SettingRow {
  name: string;
  plugin: string | null;
  type: string;
  value: unknown;
  default: unknown;
}

module('site settings', (hooks) => {
  const forum = useForum(hooks, { pluginManifests: [writeGreetingManifest()] });
  let admin: TestClient;
  let adminId: number;

  hooks.before(async () => {
    const member = newMember('admin');
    adminId = (await forum().forum.createUser({ ...member, admin: true })).id;
    admin = forum().client();
    await admin.logIn(member.username, member.password);
  });

  test("lists the host's and the plugin's settings with their declarations", async (assert) => {
    const response = await admin.get<{ settings: SettingRow[] }>('/api/admin/site-settings');
    assert.strictEqual(response.status, 200);
    const byName = new Map(response.body.settings.map((s) => [s.name, s]));
    assert.strictEqual(byName.get('title')?.plugin, null);
    assert.deepEqual(byName.get('greeting_count'), {
      name: 'greeting_count',
      label: 'Greetings per visit',
      plugin: 'greeting',
      pluginTitle: 'Greetings',
      type: 'integer',
      description: 'How often.',
      default: 3,
      value: 3,
      sensitive: false,
      min: 1,
      max: 9,
    } as unknown as SettingRow);
    assert.true(
      (byName.get('login_max_failures_per_ip') as SettingRow & { sensitive?: boolean })?.sensitive,
      'attempt limits are sensitive',
    );
  });

  test('members and visitors cannot read or write settings', async (assert) => {
    const visitor = forum().client();
    assert.strictEqual((await visitor.get('/api/admin/site-settings')).status, 401);
    const member = forum().client();
    await member.signUp(newMember());
    const read = await member.get('/api/admin/site-settings');
    assert.strictEqual(read.status, 403);
    assert.strictEqual(errorCode(read), 'forbidden');
    assert.strictEqual((await member.put('/api/admin/site-settings', { settings: { title: 'Mine' } })).status, 403);
  });

  test('a valid change applies at once and is logged with the admin', async (assert) => {
    const response = await admin.put('/api/admin/site-settings', {
      settings: { title: 'Gardeners', greeting_count: 5 },
    });
    assert.strictEqual(response.status, 200);
    const site = await forum().client().get<{ title: string; settings: Record<string, unknown> }>('/api/site');
    assert.strictEqual(site.body.title, 'Gardeners');
    assert.true(site.body.settings.greeting_enabled, 'client settings exposed');
    assert.notOk('greeting_count' in site.body.settings, 'non-client settings stay private');
    const log = await forum()
      .forum.services.db('admin_actions')
      .where({ action: 'site_setting_changed', subject: 'greeting_count' })
      .first();
    assert.strictEqual(log.actor_id, adminId);
    assert.deepEqual(log.details, { previous: 3, value: 5 });
  });

  test('a sensitive setting changes only within the recent-auth window; "confirm it\'s you" reopens it', async (assert) => {
    const member = newMember('admin');
    const { id } = await forum().forum.createUser({ ...member, admin: true });
    const late = forum().client();
    await late.logIn(member.username, member.password);
    await forum()
      .forum.services.db('sessions')
      .where({ user_id: id })
      .update({ recent_auth_at: new Date(Date.now() - 11 * 60_000) });
    const refused = await late.put('/api/admin/site-settings', { settings: { login_max_failures_per_ip: 1000 } });
    assert.strictEqual(refused.status, 403);
    assert.strictEqual(errorCode(refused), 'recent_auth_required');
    assert.strictEqual(await forum().forum.services.settings.get('login_max_failures_per_ip'), 100, 'unchanged');
    assert.strictEqual(
      (await late.put('/api/admin/site-settings', { settings: { title: 'Still fine' } })).status,
      200,
      'other settings save',
    );

    assert.strictEqual((await late.post('/api/session/confirm', { password: member.password })).status, 200);
    assert.strictEqual(
      (await late.put('/api/admin/site-settings', { settings: { login_max_failures_per_ip: 1000 } })).status,
      200,
    );
    await late.put('/api/admin/site-settings', { settings: { login_max_failures_per_ip: 100, title: 'Forum' } });
  });

  test('an out-of-range or ill-typed value is refused with a clear message and changes nothing', async (assert) => {
    const before = await forum().forum.services.settings.all();
    const cases: [Record<string, unknown>, string][] = [
      [{ greeting_count: 0 }, 'Greetings per visit (greeting_count) must be at least 1.'],
      [{ greeting_count: 2.5 }, 'Greetings per visit (greeting_count) is a whole number.'],
      [{ greeting_enabled: 'yes' }, 'Greetings (greeting_enabled) is true or false.'],
      [{ greeting_style: 'rude' }, 'Greeting style (greeting_style) is one of: warm, formal.'],
      [{ greeting_text: 'x'.repeat(21) }, 'Greeting (greeting_text) has at most 20 characters.'],
      [{ no_such_setting: 1 }, 'There is no site setting named no_such_setting.'],
      [{ title: 'Fine', greeting_count: 99 }, 'Greetings per visit (greeting_count) must be at most 9.'],
    ];
    for (const [settings, message] of cases) {
      const response = await admin.put('/api/admin/site-settings', { settings });
      assert.strictEqual(response.status, 422, JSON.stringify(settings));
      assert.deepEqual(response.body, { error: { code: 'invalid_setting', message } });
    }
    assert.deepEqual(await forum().forum.services.settings.all(), before, 'nothing written, not even the valid half');
  });
});
