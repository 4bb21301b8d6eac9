import QUnit from 'qunit';
import { startTestForum, type TestClient, type TestForum } from 'forum-server/testing';
import type { TestSmtpServer } from 'forum-server/testing/smtp';
import { userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, pluginManifest, type EnrolledMember } from './support/forum.js';
import { startMailingForum, stopMailingForum } from './support/mailing-forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;
const CHALLENGE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SUBJECT = 'Forum: your password was entered, but the login was not completed';

interface AbandonedEvent {
  ip: string | null;
  user_agent: string | null;
  details: { reason: string; failedAttempts: number; at: string; browser: string | null; mailed: boolean };
}

/** "2026-12-02 06:42 UTC", as the mail writes a time. */
const utc = (date: Date): string => `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;

// "Someone knows your password" (issue #16): the right password, then no second step.
module('password-known notice', (hooks) => {
  let smtp: TestSmtpServer;
  let forum: TestForum;
  hooks.before(async () => {
    ({ forum, smtp } = await startMailingForum());
  });
  hooks.after(() => stopMailingForum({ forum, smtp }));

  const sweep = () => forum.forum.services.abandonedLogins.sweepNow();

  /** The password step from a Firefox on Linux; returns the challenge. */
  async function passwordStep(enrolled: EnrolledMember, client: TestClient = forum.client()): Promise<string> {
    const step1 = await client.post<{ challenge?: string }>(
      '/api/session',
      { login: enrolled.member.username, password: enrolled.member.password },
      { headers: { 'user-agent': FIREFOX } },
    );
    if (!step1.body.challenge) throw new Error(`no challenge: ${step1.text}`);
    return step1.body.challenge;
  }

  async function eventsOf(enrolled: EnrolledMember): Promise<AbandonedEvent[]> {
    return forum.forum.services
      .db('second_factor_events')
      .where({ user_id: await userIdOf(forum, enrolled.member.username), event: 'second_step_abandoned' })
      .orderBy('id')
      .select('ip', 'user_agent', 'details');
  }

  async function mailsTo(enrolled: EnrolledMember) {
    await forum.forum.services.mailDelivery.deliverDue();
    return smtp.received.filter((m) => m.envelopeTo.includes(enrolled.member.email) && m.parsed.subject === SUBJECT);
  }

  test('a challenge that expires unused is logged each time and mailed at most once in 24 hours', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'pwknown');
    await passwordStep(enrolled);
    const enteredAt = forum.clock.now();
    assert.strictEqual(await sweep(), 0, 'a live challenge is not handed over');
    forum.clock.advance(CHALLENGE_MS + 1000);
    assert.strictEqual(await sweep(), 1);
    assert.strictEqual(await sweep(), 0, 'each once');

    await passwordStep(enrolled);
    forum.clock.advance(CHALLENGE_MS + 1000);
    await sweep();
    forum.clock.advance(DAY_MS);
    await passwordStep(enrolled);
    forum.clock.advance(CHALLENGE_MS + 1000);
    await sweep();

    const events = await eventsOf(enrolled);
    assert.deepEqual(
      events.map((e) => [e.details.reason, e.details.mailed]),
      [
        ['expired', true],
        ['expired', false],
        ['expired', true],
      ],
      'an event every time; a mail for the first, and again a day later',
    );
    assert.deepEqual(
      [events[0]!.ip, events[0]!.user_agent, events[0]!.details.browser],
      ['127.0.0.1', FIREFOX, 'Firefox on Linux'],
    );
    assert.ok(
      Math.abs(new Date(events[0]!.details.at).getTime() - enteredAt.getTime()) < 5000,
      'when the password was entered, on the forum clock',
    );

    const mails = await mailsTo(enrolled);
    assert.strictEqual(mails.length, 2);
    const text = mails[0]!.parsed.text ?? '';
    assert.ok(
      text.includes(
        `password was entered correctly from 127.0.0.1, Firefox on Linux at ${utc(new Date(events[0]!.details.at))}, but the second step was not completed`,
      ),
      text,
    );
    assert.ok(text.includes("If this wasn't you, change your password"), text);
    assert.ok(text.includes('https://forum.example.test/u/'), 'links to Security');
    const wire = mails.map((m) => [m.raw, m.parsed.text, m.parsed.html].join('\n')).join('\n');
    assert.notOk(wire.includes(enrolled.member.password) || wire.includes(enrolled.secret), 'no password or secret');
  });

  test('wrong codes: reported when the challenge would have expired, as ended in wrong codes', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'pwwrong');
    const client = forum.client();
    const challenge = await passwordStep(enrolled, client);
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        errorCode(
          await client.post('/api/session/second-factor', { challenge, method: 'totp', token: String(200000 + i) }),
        ),
      );
    assert.strictEqual(answers.at(-1), 'challenge_invalid', 'the fifth wrong code ends the challenge');
    const again = await client.post('/api/session/second-factor', { challenge, method: 'totp', token: '123456' });
    assert.strictEqual(errorCode(again), 'challenge_invalid', 'an ended challenge cannot be claimed');
    assert.strictEqual(await sweep(), 0, 'not before its expiry: the member may still log in from that browser');
    forum.clock.advance(CHALLENGE_MS + 1000);
    assert.strictEqual(await sweep(), 1);
    const [event] = await eventsOf(enrolled);
    assert.deepEqual(
      [event!.details.reason, event!.details.failedAttempts, event!.details.mailed],
      ['wrong_codes', 5, true],
    );
    const mails = await mailsTo(enrolled);
    assert.strictEqual(mails.length, 1);
    assert.ok(mails[0]!.parsed.text?.includes('(wrong codes were entered)'));
  });

  test('a login completed in the same browser settles its earlier challenges; a password change revokes them: no notice', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'pwsettled');
    const client = forum.client();
    await passwordStep(enrolled, client); // closed the dialog, then logged in again
    const challenge = await passwordStep(enrolled, client);
    const seconds = Math.floor(forum.clock.now().getTime() / 1000);
    assert.strictEqual(
      errorCode(
        await client.post('/api/session/second-factor', {
          challenge,
          method: 'totp',
          token: String((Number(totpAt(enrolled.secret, seconds)) + 1) % 1_000_000).padStart(6, '0'),
        }),
      ),
      'invalid_second_factor',
    );
    const done = await client.post('/api/session/second-factor', {
      challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, seconds + 30),
    });
    assert.strictEqual(done.status, 200, done.text);

    const revoked = await memberWithAuthenticator(forum, 'pwrevoked');
    await passwordStep(revoked);
    const changed = await revoked.client.post('/api/u/me/password', {
      currentPassword: revoked.member.password,
      newPassword: 'a completely new password',
    });
    assert.strictEqual(changed.status, 204, changed.text);

    forum.clock.advance(CHALLENGE_MS + 1000);
    await sweep();
    assert.deepEqual(await eventsOf(enrolled), [], 'the member got in: nothing to report');
    assert.deepEqual(await eventsOf(revoked), [], 'revoked on purpose: nothing to report');
  });
});

module('password-known notice: the host sweeps on its own', (hooks) => {
  let forum: TestForum;
  hooks.before(async () => {
    forum = await startTestForum({ pluginManifests: [pluginManifest], loginSweepIntervalMs: 50 });
  });
  hooks.after(async () => {
    await forum.stop();
  });

  test('an expired challenge is handed over by the interval, without a test asking', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'pwtimer');
    const step1 = await forum.client().logIn(enrolled.member.username, enrolled.member.password);
    assert.ok((step1.body as { challenge?: string }).challenge);
    forum.clock.advance(CHALLENGE_MS + 1000);
    const userId = await userIdOf(forum, enrolled.member.username);
    let found = 0;
    for (let i = 0; i < 100 && found === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = (
        await forum.forum.services.db('second_factor_events').where({ user_id: userId, event: 'second_step_abandoned' })
      ).length;
    }
    assert.strictEqual(found, 1);
  });
});
