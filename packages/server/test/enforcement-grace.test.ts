import QUnit from 'qunit';
import { queriesDuring, type TestClient, type TestForum } from 'forum-server/testing';
import type { EnforcementEnrolment, PendingAuthenticator, SecondFactorsStatus } from '@second-factor/core';
import { setSettings, userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, newMember, useForumWithPlugin } from './support/forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A route enforcement guards (not marked `allowDuringSetup`): the member's own sessions. */
const ORDINARY_ROUTE = '/api/u/me/sessions';

/** A member who signed up (logged in on `client`), and their id; no request has reached a guarded route yet. */
async function signedUp(forum: TestForum, prefix = 'g'): Promise<{ client: TestClient; id: number; password: string }> {
  const client = forum.client();
  const credentials = newMember(prefix);
  const response = await client.signUp(credentials);
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.text}`);
  return { client, id: await userIdOf(forum, credentials.username), password: credentials.password };
}

/** The member's grace rows (0 or 1), as the database holds them. */
async function graceRows(forum: TestForum, userId: number): Promise<{ started_at: Date }[]> {
  const rows: { started_at: Date | string }[] = await forum.forum.services
    .db('second_factor_enforcement_grace')
    .where({ user_id: userId })
    .select('started_at');
  return rows.map((r) => ({ started_at: new Date(r.started_at) }));
}

async function startOf(forum: TestForum, userId: number): Promise<Date> {
  const [row] = await graceRows(forum, userId);
  if (!row) throw new Error('no grace row');
  return row.started_at;
}

async function statusOf(client: TestClient): Promise<SecondFactorsStatus> {
  const response = await client.get<SecondFactorsStatus>('/api/u/me/second-factors');
  if (response.status !== 200) throw new Error(`status failed: ${response.text}`);
  return response.body;
}

function plusDays(start: Date, days: number): string {
  return new Date(start.getTime() + days * DAY_MS).toISOString();
}

/** Adds and enables an authenticator on the forum's clock; the member must be within the recent-auth window. */
async function addAuthenticator(forum: TestForum, client: TestClient): Promise<{ id: number; secret: string }> {
  const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', { name: 'Phone' });
  if (pending.status !== 201) throw new Error(`enrol failed: ${pending.text}`);
  const token = totpAt(pending.body.secret, Math.floor(forum.clock.now().getTime() / 1000));
  const enabled = await client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, { token });
  if (enabled.status !== 200) throw new Error(`enable failed: ${enabled.text}`);
  return { id: pending.body.id, secret: pending.body.secret };
}

module('enforcement grace period', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  hooks.afterEach(async () => {
    await setSettings(forum(), { enforce_second_factor: 'no', second_factor_enforcement_grace_days: 7 });
  });

  test('the grace starts at the first request; until the deadline the forum works, after it only set-up (test clock)', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const member = await signedUp(forum());
    assert.deepEqual(await graceRows(forum(), member.id), [], 'signing up reached no guarded route: no start yet');

    const before = forum().clock.now().getTime();
    assert.strictEqual((await member.client.get(ORDINARY_ROUTE)).status, 200, 'within the grace: a normal route');
    const start = await startOf(forum(), member.id);
    assert.true(
      start.getTime() >= before && start.getTime() <= forum().clock.now().getTime(),
      'started on the forum clock',
    );
    const status = await statusOf(member.client);
    assert.false(status.setupRequired);
    assert.strictEqual(status.setupDeadline, plusDays(start, 7), 'the deadline is the start plus 7 days');

    forum().clock.advance(7 * DAY_MS - 60_000);
    assert.strictEqual((await member.client.get(ORDINARY_ROUTE)).status, 200, 'a minute before the deadline');
    forum().clock.advance(2 * 60_000);
    const blocked = await member.client.get(ORDINARY_ROUTE);
    assert.strictEqual(blocked.status, 403, 'a minute after it');
    assert.strictEqual(errorCode(blocked), 'second_factor_setup_required');
    const after = await statusOf(member.client);
    assert.true(after.setupRequired);
    assert.strictEqual(after.setupDeadline, plusDays(start, 7));

    // The set-up is reachable (the recent-login window closed days ago: confirm with the password first).
    const confirmed = await member.client.post('/api/session/confirm', { password: member.password });
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    await addAuthenticator(forum(), member.client);
    assert.strictEqual((await member.client.get(ORDINARY_ROUTE)).status, 200, 'set up: the forum again');
    const done = await statusOf(member.client);
    assert.false(done.setupRequired);
    assert.strictEqual(done.setupDeadline, null, 'no deadline for a member with a second factor');
  });

  test('a member who sets up a factor keeps their start: removing every factor later gives no new grace', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const member = await signedUp(forum());
    await member.client.get(ORDINARY_ROUTE);
    const start = await startOf(forum(), member.id);
    const authenticator = await addAuthenticator(forum(), member.client);
    assert.deepEqual(await graceRows(forum(), member.id), [{ started_at: start }], 'nothing stored changed');

    forum().clock.advance(3 * DAY_MS);
    const confirmed = await member.client.post('/api/session/confirm', {
      password: member.password,
      method: 'totp',
      token: totpAt(authenticator.secret, Math.floor(forum().clock.now().getTime() / 1000)),
    });
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    const removed = await member.client.delete(`/api/u/me/second-factors/totp/${authenticator.id}`);
    assert.strictEqual(removed.status, 204, removed.text);
    const status = await statusOf(member.client);
    assert.false(status.setupRequired, 'still within the first grace');
    assert.strictEqual(status.setupDeadline, plusDays(start, 7), 'the old start, not a new one');

    forum().clock.advance(4 * DAY_MS + 60_000);
    assert.strictEqual(errorCode(await member.client.get(ORDINARY_ROUTE)), 'second_factor_setup_required');
  });

  test('grace 0 blocks at once, as before the grace period existed', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all', second_factor_enforcement_grace_days: 0 });
    const member = await signedUp(forum());
    const blocked = await member.client.get(ORDINARY_ROUTE);
    assert.strictEqual(blocked.status, 403);
    assert.strictEqual(errorCode(blocked), 'second_factor_setup_required');
    const status = await statusOf(member.client);
    assert.true(status.setupRequired);
    assert.strictEqual(
      status.setupDeadline,
      plusDays(await startOf(forum(), member.id), 0),
      'the deadline is the start',
    );
  });

  test('changing the grace days moves every deadline, both ways', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const member = await signedUp(forum());
    await member.client.get(ORDINARY_ROUTE);
    const start = await startOf(forum(), member.id);

    await setSettings(forum(), { second_factor_enforcement_grace_days: 1 });
    assert.strictEqual((await statusOf(member.client)).setupDeadline, plusDays(start, 1), 'shortened');
    forum().clock.advance(DAY_MS + 60_000);
    assert.strictEqual(errorCode(await member.client.get(ORDINARY_ROUTE)), 'second_factor_setup_required');

    await setSettings(forum(), { second_factor_enforcement_grace_days: 30 });
    assert.strictEqual((await member.client.get(ORDINARY_ROUTE)).status, 200, 'lengthened: open again');
    const status = await statusOf(member.client);
    assert.false(status.setupRequired);
    assert.strictEqual(status.setupDeadline, plusDays(start, 30));
  });

  test('a member with a second factor never gets a grace row or a deadline', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const enrolled = await memberWithAuthenticator(forum());
    const id = await userIdOf(forum(), enrolled.member.username);
    assert.strictEqual((await enrolled.client.get(ORDINARY_ROUTE)).status, 200);
    const status = await statusOf(enrolled.client);
    assert.false(status.setupRequired);
    assert.strictEqual(status.setupDeadline, null);
    assert.deepEqual(await graceRows(forum(), id), []);
  });

  test('"staff": admins get a grace (and reach the admin pages in it), members nothing', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'staff' });
    const credentials = newMember('staff');
    const { id: adminId } = await forum().forum.createUser({ ...credentials, admin: true });
    const admin = forum().client();
    await admin.logIn(credentials.username, credentials.password);
    assert.strictEqual((await admin.get('/api/admin/site-settings')).status, 200, 'an admin in their grace');
    const adminStatus = await statusOf(admin);
    assert.false(adminStatus.setupRequired);
    assert.strictEqual(adminStatus.setupDeadline, plusDays(await startOf(forum(), adminId), 7));

    const member = await signedUp(forum());
    assert.strictEqual((await member.client.get(ORDINARY_ROUTE)).status, 200);
    assert.strictEqual((await statusOf(member.client)).setupDeadline, null, '"staff" does not apply to members');
    assert.deepEqual(await graceRows(forum(), member.id), []);
  });

  test('switching enforcement off and on again keeps the start: there is no second grace', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const member = await signedUp(forum());
    await member.client.get(ORDINARY_ROUTE);
    const start = await startOf(forum(), member.id);

    await setSettings(forum(), { enforce_second_factor: 'no' });
    const off = await statusOf(member.client);
    assert.false(off.setupRequired);
    assert.strictEqual(off.setupDeadline, null, 'off: no deadline shown');
    forum().clock.advance(8 * DAY_MS);
    assert.strictEqual((await member.client.get(ORDINARY_ROUTE)).status, 200, 'off: nothing enforced');
    assert.deepEqual(await graceRows(forum(), member.id), [{ started_at: start }], 'the start is kept');

    await setSettings(forum(), { enforce_second_factor: 'all' });
    assert.strictEqual(errorCode(await member.client.get(ORDINARY_ROUTE)), 'second_factor_setup_required');
    assert.strictEqual((await statusOf(member.client)).setupDeadline, plusDays(start, 7));
  });

  test('the setting is 0 to 90 days, 7 by default, and browsers see it', async (assert) => {
    const site = await forum().client().get<{ settings: Record<string, unknown> }>('/api/site');
    assert.strictEqual(site.body.settings['second_factor_enforcement_grace_days'], 7);
    const credentials = newMember('admin');
    await forum().forum.createUser({ ...credentials, admin: true });
    const admin = forum().client();
    await admin.logIn(credentials.username, credentials.password);
    for (const value of [-1, 91, 2.5, '7']) {
      const refused = await admin.put('/api/admin/site-settings', {
        settings: { second_factor_enforcement_grace_days: value },
      });
      assert.strictEqual(refused.status, 422, JSON.stringify(value));
      assert.strictEqual(errorCode(refused), 'invalid_setting', JSON.stringify(value));
    }
    assert.strictEqual(
      (await admin.put('/api/admin/site-settings', { settings: { second_factor_enforcement_grace_days: 90 } })).status,
      200,
    );
  });

  test('20 concurrent first requests start one grace, and all see one deadline', async (assert) => {
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const member = await signedUp(forum());
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? member.client.get<SecondFactorsStatus>('/api/u/me/second-factors')
          : member.client.get(ORDINARY_ROUTE),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array.from({ length: 20 }, () => 200),
    );
    assert.strictEqual((await graceRows(forum(), member.id)).length, 1, 'one start');
    const deadlines = new Set(
      answers.filter((_, i) => i % 2 === 0).map((a) => (a.body as unknown as SecondFactorsStatus).setupDeadline),
    );
    assert.deepEqual(
      [...deadlines],
      [plusDays(await startOf(forum(), member.id), 7)],
      'every answer gives the same deadline',
    );
  });
});

module('enforcement enrolment counts (admins)', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('counts the members enforcement applies to, by where they stand, in one query whatever their number', async (assert) => {
    const credentials = newMember('admin');
    await forum().forum.createUser({ ...credentials, admin: true });
    const admin = forum().client();
    await admin.logIn(credentials.username, credentials.password);
    const counts = async () => {
      const response = await admin.get<EnforcementEnrolment>('/api/admin/second-factors/enrolment');
      assert.strictEqual(response.status, 200, response.text);
      return response.body;
    };
    assert.deepEqual(await counts(), {
      enforcement: 'no',
      graceDays: 7,
      required: 0,
      enrolled: 0,
      inGrace: 0,
      pastDeadline: 0,
      notStarted: 0,
    });

    await memberWithAuthenticator(forum()); // enrolled
    const late = await signedUp(forum()); // will be past the deadline
    await setSettings(forum(), { enforce_second_factor: 'all' });
    await late.client.get(ORDINARY_ROUTE);
    forum().clock.advance(8 * DAY_MS);
    assert.strictEqual(errorCode(await late.client.get(ORDINARY_ROUTE)), 'second_factor_setup_required');
    const inGrace = await signedUp(forum());
    await inGrace.client.get(ORDINARY_ROUTE);
    await signedUp(forum()); // not seen since: no start yet

    // The admin has no second factor either: their own request starts their grace.
    assert.deepEqual(await counts(), {
      enforcement: 'all',
      graceDays: 7,
      required: 5,
      enrolled: 1,
      inGrace: 2,
      pastDeadline: 1,
      notStarted: 1,
    });

    await setSettings(forum(), { second_factor_enforcement_grace_days: 30 });
    const longer = await counts();
    assert.deepEqual([longer.inGrace, longer.pastDeadline], [3, 0], 'a longer grace moves the late member back in');

    await setSettings(forum(), { enforce_second_factor: 'staff' });
    const staff = await counts();
    assert.deepEqual(
      [staff.required, staff.enrolled, staff.inGrace, staff.pastDeadline, staff.notStarted],
      [1, 0, 1, 0, 0],
      '"staff": the admins only',
    );

    // One aggregate query: five more members change no count of statements.
    await setSettings(forum(), { enforce_second_factor: 'all' });
    const statements = async () =>
      (await queriesDuring(forum().forum.services.db, () => counts())).queries.filter((q) =>
        q.sql.includes('second_factor_enforcement_grace'),
      ).length;
    const fewer = await statements();
    for (let i = 0; i < 5; i += 1) await (await signedUp(forum())).client.get(ORDINARY_ROUTE);
    assert.strictEqual(await statements(), fewer, 'the same statements for 5 and 10 members');
    assert.strictEqual((await counts()).required, 10);
    await setSettings(forum(), { enforce_second_factor: 'no', second_factor_enforcement_grace_days: 7 });
  });

  test('admins only: 401 for visitors, 403 for members; a query string is a 400', async (assert) => {
    const visitor = forum().client();
    assert.strictEqual(errorCode(await visitor.get('/api/admin/second-factors/enrolment')), 'not_logged_in');
    const member = await signedUp(forum());
    const refused = await member.client.get('/api/admin/second-factors/enrolment');
    assert.strictEqual(refused.status, 403);
    assert.strictEqual(errorCode(refused), 'forbidden');

    const credentials = newMember('admin');
    await forum().forum.createUser({ ...credentials, admin: true });
    const admin = forum().client();
    await admin.logIn(credentials.username, credentials.password);
    for (const query of ['?page=2', '?enforcement=all', '?required[]=1']) {
      const bad = await admin.get(`/api/admin/second-factors/enrolment${query}`);
      assert.strictEqual(bad.status, 400, query);
      assert.strictEqual(errorCode(bad), 'invalid_request', query);
    }
  });
});
