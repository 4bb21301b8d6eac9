import QUnit from 'qunit';
import type { PendingAuthenticator, RecoveredSecondFactors, SecondFactorsStatus } from '@second-factor/core';
import type { TestClient, TestForum } from 'forum-server/testing';
import { logInWithBackupCode, setSettings, userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, useForumWithPlugin, type EnrolledMember } from './support/forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

const RECOVER = '/api/u/me/second-factors/recover';
const WINDOW_MS = 10 * 60 * 1000;

/** A code from an app at the forum's time, one step after the last one used. */
function nextCode(forum: TestForum, secret: string): string {
  forum.clock.advance(30_000);
  return totpAt(secret, Math.floor(forum.clock.now().getTime() / 1000));
}

/** A member with two apps ("Phone", the one lost, and "Tablet") and the first sheet. */
interface TwoAppMember extends EnrolledMember {
  codes: string[];
  tablet: { id: number; secret: string };
}

async function memberWithTwoApps(forum: TestForum): Promise<TwoAppMember> {
  const enrolled = await memberWithAuthenticator(forum, 'lp');
  const pending = await enrolled.client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {
    name: 'Tablet',
  });
  const enabled = await enrolled.client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
    token: nextCode(forum, pending.body.secret),
  });
  if (enabled.status !== 200) throw new Error(`second app failed: ${enabled.text}`);
  return {
    ...enrolled,
    codes: enrolled.enableResponse.backupCodes as string[],
    tablet: { id: pending.body.id, secret: pending.body.secret },
  };
}

/** A full login on a fresh browser with an app's code; `rememberDevice` ticks "Trust this browser". */
async function logInWithApp(
  forum: TestForum,
  enrolled: EnrolledMember,
  secret: string,
  rememberDevice = false,
): Promise<TestClient> {
  const client = forum.client();
  const step1 = await client.logIn(enrolled.member.username, enrolled.member.password);
  const challenge = (step1.body as { challenge?: string }).challenge;
  if (!challenge) throw new Error(`no challenge: ${step1.text}`);
  const step2 = await client.post('/api/session/second-factor', {
    challenge,
    method: 'totp',
    token: nextCode(forum, secret),
    ...(rememberDevice ? { rememberDevice } : {}),
  });
  if (step2.status !== 200) throw new Error(`second step failed: ${step2.text}`);
  return client;
}

/** The lost-phone moment: a fresh browser logged in with one of the member's backup codes. */
async function backupCodeBrowser(forum: TestForum, enrolled: EnrolledMember, code: string): Promise<TestClient> {
  const { client, response } = await logInWithBackupCode(forum, enrolled, code);
  if (response.status !== 200) throw new Error(`backup-code login failed: ${response.text}`);
  return client;
}

async function statusOf(client: TestClient): Promise<SecondFactorsStatus> {
  const response = await client.get<SecondFactorsStatus>('/api/u/me/second-factors');
  if (response.status !== 200) throw new Error(`status failed: ${response.text}`);
  return response.body;
}

/** Everything a recovery changes, read from the database, to prove a refused one changed nothing. */
async function accountState(forum: TestForum, username: string) {
  const db = forum.forum.services.db;
  const userId = await userIdOf(forum, username);
  const factors: { id: number; method: number; enabled: boolean; replaced_at: Date | null }[] = await db(
    'user_second_factors',
  )
    .where({ user_id: userId })
    .orderBy('id')
    .select('id', 'method', 'enabled', 'replaced_at');
  const sessions: { id: string }[] = await db('sessions').where({ user_id: userId }).orderBy('id').select('id');
  const trusted: { id: number }[] = await db('known_devices')
    .where({ user_id: userId })
    .whereNotNull('trusted_until')
    .orderBy('id')
    .select('id');
  const events: { event: string }[] = await db('second_factor_events').where({ user_id: userId }).select('event');
  return { factors, sessions, trusted, events: events.length };
}

module('"Lost your phone?": one step after a backup-code login', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('removes the lost app, signs out every other session and trusted browser, hands over a new sheet', async (assert) => {
    const enrolled = await memberWithTwoApps(forum());
    const other = await logInWithApp(forum(), enrolled, enrolled.tablet.secret, true);
    const here = await backupCodeBrowser(forum(), enrolled, enrolled.codes[0]!);

    const recovered = await here.post<RecoveredSecondFactors>(RECOVER, {
      removeAuthenticatorIds: [enrolled.authenticatorId],
    });
    assert.strictEqual(recovered.status, 200, recovered.text);
    assert.strictEqual(recovered.body.backupCodes?.length, 10, 'a new sheet, shown once');
    assert.false(recovered.body.needsSecondFactor);
    assert.strictEqual(recovered.body.authenticatorsRemoved, 1);
    assert.strictEqual(recovered.body.securityKeysRemoved, 0);
    // The enrolling client, and the other browser: both signed out.
    assert.strictEqual(recovered.body.sessionsEnded, 2);
    assert.strictEqual(recovered.body.trustedBrowsersEnded, 1);

    assert.strictEqual((await other.get('/api/u/me/second-factors')).status, 401, 'the other browser is logged out');
    assert.strictEqual(errorCode(await enrolled.client.get('/api/u/me/second-factors')), 'not_logged_in');
    const status = await statusOf(here);
    assert.deepEqual(
      status.totp.map((a) => a.name),
      ['Tablet'],
      'this browser still works; the lost app is gone',
    );
    assert.strictEqual(status.backupCodes.remaining, 10);

    // The trusted browser asks for the second factor again.
    const again = await other.logIn(enrolled.member.username, enrolled.member.password);
    assert.ok((again.body as { challenge?: string }).challenge, 'trust ended: a challenge, not a session');
    // The lost phone's codes no longer log in; the old sheet is refused; the new one works.
    const phoneCode = await other.post('/api/session/second-factor', {
      challenge: (again.body as { challenge: string }).challenge,
      method: 'totp',
      token: nextCode(forum(), enrolled.secret),
    });
    assert.strictEqual(phoneCode.status, 401, 'the removed app is refused');
    const oldCode = await logInWithBackupCode(forum(), enrolled, enrolled.codes[1]!);
    assert.strictEqual(oldCode.response.status, 401);
    assert.strictEqual(errorCode(oldCode.response), 'code_from_replaced_sheet');
    const newCode = await logInWithBackupCode(forum(), enrolled, recovered.body.backupCodes![0]!);
    assert.strictEqual(newCode.response.status, 200, 'a code from the new sheet logs in');
  });

  test('one event and one mail list what was done', async (assert) => {
    const enrolled = await memberWithTwoApps(forum());
    await logInWithApp(forum(), enrolled, enrolled.tablet.secret);
    const here = await backupCodeBrowser(forum(), enrolled, enrolled.codes[0]!);
    const db = forum().forum.services.db;
    const userId = await userIdOf(forum(), enrolled.member.username);
    const eventsBefore = Number((await db('second_factor_events').where({ user_id: userId }).count({ n: '*' }))[0]!.n);
    const mailsBefore = Number((await db('mail_outbox').where({ user_id: userId }).count({ n: '*' }))[0]!.n);

    assert.strictEqual((await here.post(RECOVER, { removeAuthenticatorIds: [enrolled.authenticatorId] })).status, 200);

    const events: { event: string; details: Record<string, unknown> }[] = await db('second_factor_events')
      .where({ user_id: userId })
      .orderBy('id')
      .offset(eventsBefore)
      .select('event', 'details');
    assert.deepEqual(
      events.map((e) => e.event),
      ['second_factors_recovered'],
      'one event: no separate removal or new-codes event',
    );
    assert.deepEqual(events[0]!.details, {
      authenticatorsRemoved: 1,
      securityKeysRemoved: 0,
      sessionsEnded: 2,
      trustedBrowsersEnded: 0,
      backupCodesCreated: 10,
      lastOne: false,
    });
    const mails: { subject: string; body_text: string }[] = await db('mail_outbox')
      .where({ user_id: userId })
      .orderBy('id')
      .offset(mailsBefore)
      .select('subject', 'body_text');
    assert.strictEqual(mails.length, 1, 'one mail');
    assert.strictEqual(mails[0]!.subject, 'Forum: your account was secured after a lost phone');
    assert.ok(mails[0]!.body_text.includes('1 authenticator app was removed'), mails[0]!.body_text);
    assert.ok(mails[0]!.body_text.includes('every other session was signed out'));
    assert.ok(mails[0]!.body_text.includes('New backup codes were created'));
    assert.notOk(mails[0]!.body_text.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/), 'no code in the mail');
  });

  test("outside the recent-login window it is refused and changes nothing; “confirm it's you” reopens it", async (assert) => {
    const enrolled = await memberWithTwoApps(forum());
    const here = await backupCodeBrowser(forum(), enrolled, enrolled.codes[0]!);
    forum().clock.advance(WINDOW_MS + 1000);
    const before = await accountState(forum(), enrolled.member.username);

    const refused = await here.post(RECOVER, { removeAuthenticatorIds: [enrolled.authenticatorId] });
    assert.strictEqual(refused.status, 403);
    assert.strictEqual(errorCode(refused), 'recent_auth_required');
    assert.deepEqual(await accountState(forum(), enrolled.member.username), before, 'nothing changed');

    // No phone: the password and a backup code confirm it.
    const confirmed = await here.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'backup_code',
      token: enrolled.codes[1],
    });
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    const recovered = await here.post<RecoveredSecondFactors>(RECOVER, {
      removeAuthenticatorIds: [enrolled.authenticatorId],
    });
    assert.strictEqual(recovered.status, 200, recovered.text);
    assert.strictEqual(recovered.body.backupCodes?.length, 10);
  });

  test("an id that is not the member's changes nothing, even after a valid one in the same list", async (assert) => {
    const enrolled = await memberWithTwoApps(forum());
    const stranger = await memberWithAuthenticator(forum(), 'st');
    const other = await logInWithApp(forum(), enrolled, enrolled.tablet.secret, true);
    const here = await backupCodeBrowser(forum(), enrolled, enrolled.codes[0]!);
    const before = await accountState(forum(), enrolled.member.username);
    const strangerBefore = await accountState(forum(), stranger.member.username);

    for (const ids of [
      [enrolled.authenticatorId, stranger.authenticatorId],
      [999_999],
      [enrolled.tablet.id, 999_999],
    ]) {
      const refused = await here.post(RECOVER, { removeAuthenticatorIds: ids });
      assert.strictEqual(refused.status, 404, `${ids.join(',')}: ${refused.text}`);
      assert.strictEqual(errorCode(refused), 'authenticator_not_found');
    }
    const key = await here.post(RECOVER, {
      removeAuthenticatorIds: [enrolled.authenticatorId],
      removeSecurityKeyIds: [1],
    });
    assert.strictEqual(key.status, 404);
    assert.strictEqual(errorCode(key), 'security_key_not_found');
    // A backup-code row's id is not a factor to remove either.
    const userId = await userIdOf(forum(), enrolled.member.username);
    const codeRow = await forum()
      .forum.services.db('user_second_factors')
      .where({ user_id: userId, method: 2 })
      .first('id');
    assert.strictEqual((await here.post(RECOVER, { removeAuthenticatorIds: [codeRow.id] })).status, 404);

    assert.deepEqual(
      await accountState(forum(), enrolled.member.username),
      before,
      'factors, codes, sessions, trust: unchanged',
    );
    assert.deepEqual(await accountState(forum(), stranger.member.username), strangerBefore, "the stranger's too");
    assert.strictEqual(
      (await other.get('/api/u/me/second-factors')).status,
      200,
      'the other browser is still logged in',
    );
    const oldCode = await logInWithBackupCode(forum(), enrolled, enrolled.codes[1]!);
    assert.strictEqual(oldCode.response.status, 200, 'the old sheet still works');
  });

  test('removing the only factor takes the backup codes too: no sheet, needsSecondFactor', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'lp');
    const codes = enrolled.enableResponse.backupCodes as string[];
    const here = await backupCodeBrowser(forum(), enrolled, codes[0]!);

    const recovered = await here.post<RecoveredSecondFactors>(RECOVER, {
      removeAuthenticatorIds: [enrolled.authenticatorId],
    });
    assert.strictEqual(recovered.status, 200, recovered.text);
    assert.strictEqual(recovered.body.backupCodes, null);
    assert.true(recovered.body.needsSecondFactor);
    const status = await statusOf(here);
    assert.deepEqual(status.totp, []);
    assert.strictEqual(status.backupCodes.total, 0, 'the codes went with the last factor');
    // Setting up a new app hands over a first sheet, as at first enrolment.
    const pending = await here.post<PendingAuthenticator>('/api/u/me/second-factors/totp', { name: 'New phone' });
    const enabled = await here.post<{ backupCodes?: string[] }>(
      `/api/u/me/second-factors/totp/${pending.body.id}/enable`,
      { token: nextCode(forum(), pending.body.secret) },
    );
    assert.strictEqual(enabled.body.backupCodes?.length, 10);
  });

  test('bad bodies, visitors and backup codes switched off are refused before anything changes', async (assert) => {
    const enrolled = await memberWithTwoApps(forum());
    const here = await backupCodeBrowser(forum(), enrolled, enrolled.codes[0]!);
    const before = await accountState(forum(), enrolled.member.username);
    const id = enrolled.authenticatorId;
    const bodies: unknown[] = [
      {},
      { removeAuthenticatorIds: [] },
      { removeAuthenticatorIds: [], removeSecurityKeyIds: [] },
      { removeAuthenticatorIds: [String(id)] },
      { removeAuthenticatorIds: [-1] },
      { removeAuthenticatorIds: [1.5] },
      { removeAuthenticatorIds: id },
      { removeAuthenticatorIds: Array.from({ length: 21 }, (_, i) => i + 1) },
      { removeAuthenticatorIds: [id], everywhere: true },
      [id],
    ];
    for (const body of bodies) {
      const refused = await here.post(RECOVER, body);
      assert.strictEqual(refused.status, 400, `${JSON.stringify(body)}: ${refused.text}`);
      assert.strictEqual(errorCode(refused), 'invalid_request');
    }
    const visitor = forum().client();
    assert.strictEqual(errorCode(await visitor.post(RECOVER, { removeAuthenticatorIds: [id] })), 'not_logged_in');
    const noCsrf = await here.post(RECOVER, { removeAuthenticatorIds: [id] }, { csrf: false });
    assert.strictEqual(noCsrf.status, 403);

    await setSettings(forum(), { backup_codes_enabled: false });
    try {
      const off = await here.post(RECOVER, { removeAuthenticatorIds: [id] });
      assert.strictEqual(off.status, 403);
      assert.strictEqual(errorCode(off), 'backup_codes_disabled');
    } finally {
      await setSettings(forum(), { backup_codes_enabled: true });
    }
    assert.deepEqual(await accountState(forum(), enrolled.member.username), before, 'nothing changed');
  });

  test('two recoveries at once: one does it, the other changes nothing; one sheet', async (assert) => {
    const enrolled = await memberWithTwoApps(forum());
    const here = await backupCodeBrowser(forum(), enrolled, enrolled.codes[0]!);
    const body = { removeAuthenticatorIds: [enrolled.authenticatorId] };
    const answers = await Promise.all([here.post(RECOVER, body), here.post(RECOVER, body)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 404], answers.map((a) => a.text).join(' | '));
    const winner = answers.find((a) => a.status === 200)!.body as unknown as RecoveredSecondFactors;
    const status = await statusOf(here);
    assert.strictEqual(status.backupCodes.total, 10, 'one current sheet');
    assert.strictEqual(status.backupCodes.remaining, 10);
    const login = await logInWithBackupCode(forum(), enrolled, winner.backupCodes![0]!);
    assert.strictEqual(login.response.status, 200, "the winner's sheet is the one that works");
    const userId = await userIdOf(forum(), enrolled.member.username);
    const recoveredEvents = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: userId, event: 'second_factors_recovered' })
      .count({ n: '*' });
    assert.strictEqual(Number(recoveredEvents[0]!.n), 1);
  });
});
