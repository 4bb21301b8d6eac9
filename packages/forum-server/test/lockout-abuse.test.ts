import QUnit from 'qunit';
import { startForum } from '../src/forum.js';
import {
  createTestDatabase,
  quietForumOptions,
  runForumCommand,
  TestClient,
  writeSiteSettings,
} from '../src/testing/index.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

/** What an attacker does to lock a member out: wrong passwords until the account's limit. */
async function lockOut(login: string, base: string, attempts = 6): Promise<number[]> {
  const attacker = new TestClient(base);
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) statuses.push((await attacker.logIn(login, `not the password ${i}`)).status);
  return statuses;
}

module('lockouts cannot be turned against the member', (hooks) => {
  const forum = useForum(hooks);

  hooks.beforeEach(async () => {
    await writeSiteSettings(forum().forum, { login_max_failures_per_account: 5, login_max_failures_per_ip: 1000 });
  });

  test("an attacker's wrong passwords lock the account for strangers, but not the member's own browser", async (assert) => {
    const member = newMember('own');
    const browser = forum().client();
    await browser.signUp(member); // a full login: this browser is now a known device of the account
    await browser.delete('/api/session');
    assert.ok(browser.deviceToken, 'the browser carries a device token');

    assert.deepEqual(
      await lockOut(member.username, forum().forum.url),
      [401, 401, 401, 401, 401, 429],
      'the attacker is locked out',
    );
    const stranger = await forum().client().logIn(member.username, member.password);
    assert.strictEqual(stranger.status, 429, 'a browser that never logged in to the account waits like the attacker');

    const own = await browser.logIn(member.username, member.password);
    assert.strictEqual(own.status, 200, `the member's own browser logs in: ${own.text}`);
  });

  test("the member's browser keeps a small limit of its own", async (assert) => {
    const member = newMember('ownlimit');
    const browser = forum().client();
    await browser.signUp(member);
    await browser.delete('/api/session');
    await lockOut(member.username, forum().forum.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await browser.logIn(member.username, `typo ${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429], 'its own wrong passwords lock it too');
  });

  test('a device token of another account, or a made-up one, exempts nothing', async (assert) => {
    const member = newMember('victim');
    const other = newMember('other');
    await forum().client().signUp(member);
    const attacker = forum().client();
    await attacker.signUp(other); // the attacker's browser is a known device of their own account only
    await attacker.delete('/api/session');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attacker.logIn(member.username, `guess ${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });

  test('an admin sees "locked until" and unlocks the member', async (assert) => {
    const member = newMember('locked');
    const signUp = await forum().client().signUp(member);
    const memberId = signUp.body.user.id;
    await lockOut(member.username, forum().forum.url);

    const adminCredentials = newMember('unlocker');
    await forum().forum.createUser({ ...adminCredentials, admin: true });
    const admin = forum().client();
    await admin.logIn(adminCredentials.username, adminCredentials.password);
    const page = await admin.get<{ lockedUntil: string | null }>(`/api/admin/users/${memberId}`);
    const lockedUntil = Date.parse(page.body.lockedUntil ?? '');
    assert.ok(
      lockedUntil > Date.now() && lockedUntil <= Date.now() + 15 * 60 * 1000 + 1000,
      `locked until ${page.body.lockedUntil}`,
    );

    const unlock = await admin.post(`/api/admin/users/${memberId}/unlock`, {});
    assert.strictEqual(unlock.status, 204, unlock.text);
    assert.strictEqual(
      (await admin.get<{ lockedUntil: string | null }>(`/api/admin/users/${memberId}`)).body.lockedUntil,
      null,
    );
    assert.strictEqual(
      (await forum().client().logIn(member.username, member.password)).status,
      200,
      'the member logs in from anywhere',
    );
    const logged = await forum()
      .forum.services.db('admin_actions')
      .where({ action: 'member_unlocked', subject: member.username })
      .first('actor_id');
    assert.ok(logged, 'the unlock is in the staff action log');
  });

  test('unlocking needs an admin, and bad input changes nothing', async (assert) => {
    const member = newMember('notadmin');
    const client = forum().client();
    const signUp = await client.signUp(member);
    const self = await client.post(`/api/admin/users/${signUp.body.user.id}/unlock`, {});
    assert.strictEqual(self.status, 403);
    assert.strictEqual(errorCode(self), 'forbidden');
  });
});

module('npx forum unlock', () => {
  test('clears a lockout, and says so', async (assert) => {
    const database = await createTestDatabase();
    const options = quietForumOptions(database);
    try {
      const member = newMember('cli');
      let forum = await startForum(options);
      await writeSiteSettings(forum, { login_max_failures_per_account: 5 });
      await new TestClient(forum.url).signUp(member);
      await lockOut(member.username, forum.url);
      assert.strictEqual(
        (await new TestClient(forum.url).logIn(member.username, member.password)).status,
        429,
        'locked',
      );
      await forum.stop(); // the embedded database is single-process: the CLI opens it on its own

      const run = runForumCommand(database, ['unlock', member.username]);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.ok(run.stdout.startsWith(`Unlocked ${member.username} (was locked until `), run.stdout);
      const unknown = runForumCommand(database, ['unlock', 'nobody_here']);
      assert.strictEqual(unknown.status, 1);
      assert.ok(unknown.stderr.includes('there is no member named nobody_here'), unknown.stderr);

      forum = await startForum(options);
      assert.strictEqual(
        (await new TestClient(forum.url).logIn(member.username, member.password)).status,
        200,
        'the member logs in again',
      );
      await forum.stop();
    } finally {
      await database.drop();
    }
  });
});
