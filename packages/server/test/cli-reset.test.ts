import QUnit from 'qunit';
import { createTestDatabase, quietForumOptions, runForumCommand, TestClient } from 'forum-server/testing';
import { startForum } from 'forum-server';
import { memberWithAuthenticator, pluginManifest } from './support/forum.js';

const { module, test } = QUnit;

module('CLI: npx forum reset-2fa', () => {
  test('on a stopped server, against the same database: resets, and refuses an unknown member', async (assert) => {
    const database = await createTestDatabase();
    try {
      const options = quietForumOptions(database, [pluginManifest]);
      let forum = await startForum(options);
      const enrolled = await memberWithAuthenticator({ client: () => new TestClient(forum.url) });
      await forum.stop();

      const run = (...args: string[]) => runForumCommand(database, args, [pluginManifest]);

      const ok = run('reset-2fa', enrolled.member.username.toUpperCase());
      assert.strictEqual(ok.status, 0, ok.stderr);
      assert.strictEqual(
        ok.stdout.trim(),
        `Reset two-factor authentication for ${enrolled.member.username}: removed 11 authenticator(s) and backup code(s), ended 1 session(s).`,
      );
      const unknown = run('reset-2fa', 'nobody_at_all');
      assert.strictEqual(unknown.status, 1);
      assert.ok(unknown.stderr.includes('There is no member named nobody_at_all.'));
      const usage = run('reset-2fa');
      assert.strictEqual(usage.status, 1);
      assert.ok(usage.stderr.includes('Usage: forum reset-2fa <username>'));

      forum = await startForum(options);
      const before = new TestClient(forum.url).useSessionOf(enrolled.client);
      assert.strictEqual((await before.get('/api/session/current')).status, 404, "the member's session ended");
      const login = await new TestClient(forum.url).logIn(enrolled.member.username, enrolled.member.password);
      assert.ok('user' in login.body, 'the member logs in with the password alone');
      const event = await forum.services.db('second_factor_events').where({ event: 'second_factors_reset' }).first();
      assert.deepEqual([event.actor_id, event.details.via], [null, 'cli']);
      await forum.stop();
    } finally {
      await database.drop();
    }
  });
});
