import QUnit from 'qunit';
import type { TestForum } from 'forum-server/testing';
import type { TestSmtpServer } from 'forum-server/testing/smtp';
import { logInWithBackupCode, setSettings } from './support/backup-codes.js';
import { loggedInAdmin, memberWithAuthenticator } from './support/forum.js';
import { startMailingForum, stopMailingForum } from './support/mailing-forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';
import { userIdOf } from './support/backup-codes.js';

const { module, test } = QUnit;

// The plugin's notices through the host's real delivery: nodemailer to a real SMTP server.
module('notices delivered over SMTP', (hooks) => {
  let smtp: TestSmtpServer;
  let forum: TestForum;
  hooks.before(async () => {
    ({ forum, smtp } = await startMailingForum());
    await setSettings(forum, { backup_codes_count: 5, backup_codes_low_threshold: 3 });
  });
  hooks.after(() => stopMailingForum({ forum, smtp }));

  test('each event mails its member once: recipient, subject, text and HTML with the Security link, and no code or secret', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'smtpnotice');
    const codes = enrolled.enableResponse.backupCodes as string[];
    for (const code of codes.slice(0, 2)) await logInWithBackupCode(forum, enrolled, code);
    await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`);
    await forum.forum.services.mailDelivery.deliverDue();

    const mails = smtp.received.filter((m) => m.envelopeTo.includes(enrolled.member.email));
    assert.deepEqual(
      mails.map((m) => m.parsed.subject),
      [
        'Forum: an authenticator app was added',
        'Forum: new backup codes were created',
        'Forum: a backup code was used',
        'Forum: a backup code was used',
        'Forum: you are running low on backup codes',
        'Forum: an authenticator app was removed',
      ],
      'one mail per event, in order',
    );
    const link = `https://forum.example.test/u/${enrolled.member.username}/preferences/security`;
    for (const mail of mails) {
      assert.deepEqual(mail.envelopeTo, [enrolled.member.email]);
      assert.ok(mail.parsed.text?.includes(link), `text links to Security: ${mail.parsed.subject}`);
      assert.ok(
        typeof mail.parsed.html === 'string' && mail.parsed.html.includes(`href="${link}"`),
        `HTML links to Security: ${mail.parsed.subject}`,
      );
      assert.ok(mail.parsed.text?.includes(' UTC'), 'the time in UTC');
    }
    const wire = mails.map((m) => [m.raw, m.parsed.text, m.parsed.html].join('\n')).join('\n'); // raw and decoded: an encoded part could hide a code
    for (const secret of [
      enrolled.secret,
      enrolled.member.password,
      ...codes,
      ...codes.map((c) => c.replaceAll('-', '')),
    ]) {
      assert.notOk(wire.includes(secret), 'no code, secret or password on the wire');
    }
    const statuses: { status: string }[] = await forum.forum.services
      .db('mail_outbox')
      .where({ to_address: enrolled.member.email })
      .select('status');
    assert.deepEqual([...new Set(statuses.map((s) => s.status))], ['sent']);
  });

  test('a reused code, a lockout and an admin reset each reach the member over SMTP', async (assert) => {
    const reuser = await memberWithAuthenticator(forum, 'smtpreuse');
    const code = totpAt(reuser.secret, nowSeconds() + 30);
    for (let i = 0; i < 2; i++)
      await reuser.client.post('/api/session/confirm', {
        password: reuser.member.password,
        method: 'totp',
        token: code,
      });
    const locked = await memberWithAuthenticator(forum, 'smtplock');
    for (let i = 0; i < 5; i++)
      await locked.client.post('/api/session/confirm', {
        password: locked.member.password,
        method: 'totp',
        token: String(100000 + i),
      });
    const reset = await memberWithAuthenticator(forum, 'smtpreset');
    const admin = await loggedInAdmin(forum, 'smtpadmin');
    assert.strictEqual(
      (await admin.post(`/api/admin/users/${await userIdOf(forum, reset.member.username)}/second-factors/reset`, {}))
        .status,
      200,
    );
    await forum.forum.services.mailDelivery.deliverDue();

    const subjectsTo = (email: string) =>
      smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject);
    assert.ok(
      subjectsTo(reuser.member.email).includes('Forum: a used login code was entered again'),
      subjectsTo(reuser.member.email).join(' | '),
    );
    assert.strictEqual(
      subjectsTo(locked.member.email).filter((s) => s === 'Forum: logging in paused after wrong codes').length,
      1,
      'the lockout, once',
    );
    assert.strictEqual(subjectsTo(reset.member.email).at(-1), 'Forum: two-factor authentication was reset');
    const wire = smtp.received.map((m) => [m.raw, m.parsed.text, m.parsed.html].join('\n')).join('\n');
    for (const secret of [reuser.secret, locked.secret, reset.secret, code])
      assert.notOk(wire.includes(secret), 'no secret or code in any mail');
  });
});
