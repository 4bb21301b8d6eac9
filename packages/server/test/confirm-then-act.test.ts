import QUnit from 'qunit';
import type { TestForum } from 'forum-server/testing';
import { errorCode, memberWithAuthenticator, useForumWithPlugin, type EnrolledMember } from './support/forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;
const WINDOW_MS = 10 * 60 * 1000; // recent_auth_window_minutes, by default

/** The code the member's app shows at the forum's (moved) time. */
function codeNow(forum: TestForum, secret: string, stepsAhead = 0): string {
  return totpAt(secret, Math.floor(forum.clock.now().getTime() / 1000) + stepsAhead * 30);
}

async function eventsOf(forum: TestForum, enrolled: EnrolledMember): Promise<string[]> {
  const rows: { event: string }[] = await forum.forum.services
    .db('second_factor_events')
    .join('users', 'users.id', 'second_factor_events.user_id')
    .where('users.username', enrolled.member.username)
    .orderBy('second_factor_events.id')
    .select('event');
  return rows.map((r) => r.event);
}

async function subjectsTo(forum: TestForum, enrolled: EnrolledMember): Promise<string[]> {
  const rows: { subject: string }[] = await forum.forum.services
    .db('mail_outbox')
    .where({ to_address: enrolled.member.email })
    .orderBy('id')
    .select('subject');
  return rows.map((r) => r.subject);
}

/**
 * "Create new backup codes" once the recent-login window has closed: the member types their
 * password and one code, once. The refusal for want of a recent login checks nothing; "confirm
 * it's you" uses the code and hands the page a single-use grant; the create step takes it.
 */
module("confirm it's you, then the action: each secret asked once", (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('after the window closed: one password and one code create the codes, with no reuse alarm', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'trap');
    forum().clock.advance(WINDOW_MS + 60_000);
    const eventsBefore = (await eventsOf(forum(), enrolled)).length;
    const mailsBefore = (await subjectsTo(forum(), enrolled)).length;
    const code = codeNow(forum(), enrolled.secret);

    const refused = await enrolled.client.post('/api/u/me/backup-codes', { method: 'totp', token: code });
    assert.strictEqual(refused.status, 403);
    assert.strictEqual(errorCode(refused), 'recent_auth_required', 'refused before the code is looked at');

    const confirmed = await enrolled.client.post<{ confirmedAt: string; secondFactorGrant?: string }>(
      '/api/session/confirm',
      { password: enrolled.member.password, method: 'totp', token: code },
    );
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    const grant = confirmed.body.secondFactorGrant;
    assert.ok(grant && /^[A-Za-z0-9_-]{43}$/.test(grant), 'a grant for the action that waits');

    const created = await enrolled.client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      secondFactorGrant: grant,
    });
    assert.strictEqual(created.status, 201, created.text);
    assert.strictEqual(created.body.backupCodes.length, 10);

    const events = (await eventsOf(forum(), enrolled)).slice(eventsBefore);
    assert.deepEqual(events, ['totp_verified', 'backup_codes_created'], 'no reuse, no failure');
    const subjects = (await subjectsTo(forum(), enrolled)).slice(mailsBefore);
    assert.strictEqual(subjects.length, 1, subjects.join(' | '));
    assert.ok(subjects[0]?.includes('backup codes'), subjects.join(' | '));
  });

  test('a grant works once, only in its session, and for two minutes', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'grant');
    const confirm = async (stepsAhead: number) =>
      (
        await enrolled.client.post<{ secondFactorGrant: string }>('/api/session/confirm', {
          password: enrolled.member.password,
          method: 'totp',
          token: codeNow(forum(), enrolled.secret, stepsAhead),
        })
      ).body.secondFactorGrant;

    const first = await confirm(1);
    assert.strictEqual(
      (await enrolled.client.post('/api/u/me/backup-codes', { secondFactorGrant: first })).status,
      201,
    );
    const again = await enrolled.client.post('/api/u/me/backup-codes', { secondFactorGrant: first });
    assert.strictEqual(again.status, 401, 'used up');
    assert.strictEqual(errorCode(again), 'second_factor_grant_invalid');

    forum().clock.advance(60_000);
    const second = await confirm(0);
    const stranger = await memberWithAuthenticator(forum(), 'other');
    const elsewhere = await stranger.client.post('/api/u/me/backup-codes', { secondFactorGrant: second });
    assert.strictEqual(elsewhere.status, 401, "another member's session cannot use it");
    forum().clock.advance(2 * 60 * 1000 + 1000);
    const late = await enrolled.client.post('/api/u/me/backup-codes', { secondFactorGrant: second });
    assert.strictEqual(late.status, 401, 'expired after two minutes');
  });

  test('a body with both a code and a grant, or neither, is refused and creates nothing', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'both');
    for (const body of [
      {},
      { method: 'totp' },
      { method: 'totp', token: '123456', secondFactorGrant: 'a'.repeat(43) },
      { secondFactorGrant: 'short' },
    ]) {
      const response = await enrolled.client.post('/api/u/me/backup-codes', body);
      assert.strictEqual(response.status, 400, JSON.stringify(body));
    }
    const status = await enrolled.client.get<{ backupCodes: { remaining: number } }>('/api/u/me/second-factors');
    assert.strictEqual(status.body.backupCodes.remaining, 10, 'the first batch is untouched');
  });

  test('changing the password after the window closed: the current password and one code, in one request', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'newpw');
    forum().clock.advance(WINDOW_MS + 60_000);
    const change = { currentPassword: enrolled.member.password, newPassword: 'another long password' };
    const without = await enrolled.client.post('/api/u/me/password', change);
    assert.strictEqual(without.status, 400);
    assert.strictEqual(errorCode(without), 'second_factor_required');
    const changed = await enrolled.client.post('/api/u/me/password', {
      ...change,
      method: 'totp',
      token: codeNow(forum(), enrolled.secret),
    });
    assert.strictEqual(changed.status, 204, changed.text);
    const step = await forum().client().logIn(enrolled.member.username, 'another long password');
    assert.true(step.body.secondFactorRequired, 'the new password works, and the second factor is still asked');
  });
});
