import QUnit from 'qunit';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

function tokenOf(setupUrl: string | null): string {
  return new URL(setupUrl!).searchParams.get('token')!;
}

module('first-admin setup link', (hooks) => {
  const forum = useForum(hooks);

  test('a forum without admins offers a one-time link that creates the admin', async (assert) => {
    const { setupUrl } = forum().forum;
    assert.ok(setupUrl?.startsWith(`${forum().forum.url}/setup?token=`), 'link printed on start');
    const token = tokenOf(setupUrl);
    const client = forum().client();
    assert.true((await client.get<{ setupRequired: boolean }>('/api/site')).body.setupRequired);
    assert.deepEqual((await client.get(`/api/setup/${token}`)).body, { valid: true });

    const admin = newMember('root');
    const created = await client.post<{ user: { admin: boolean } }>('/api/setup', { token, ...admin });
    assert.strictEqual(created.status, 201);
    assert.true(created.body.user.admin);
    assert.strictEqual((await client.get('/api/admin/site-settings')).status, 200, 'logged in as the admin');
    assert.false((await client.get<{ setupRequired: boolean }>('/api/site')).body.setupRequired);

    const again = await forum()
      .client()
      .post('/api/setup', { token, ...newMember('root') });
    assert.strictEqual(again.status, 404);
    assert.strictEqual(errorCode(again), 'setup_token_invalid');
    assert.strictEqual((await forum().client().get(`/api/setup/${token}`)).status, 404);
    const log = await forum().forum.services.db('admin_actions').where({ action: 'first_admin_created' }).first();
    assert.ok(log, 'logged');
  });

  test('a made-up token is refused and creates nobody', async (assert) => {
    const member = newMember('fake');
    const response = await forum()
      .client()
      .post('/api/setup', { token: 'A'.repeat(32), ...member });
    assert.strictEqual(errorCode(response), 'setup_token_invalid');
    assert.strictEqual(
      await forum().forum.services.db('users').where({ username: member.username }).first(),
      undefined,
    );
    assert.strictEqual(errorCode(await forum().client().get('/api/setup/short')), 'setup_token_invalid');
  });
});
