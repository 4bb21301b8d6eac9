import QUnit from 'qunit';
import type { TestClient } from 'forum-server/testing';
import { logInWithBackupCode, setSettings, userIdOf } from './support/backup-codes.js';
import { loggedInAdmin, memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

interface OutboxMail {
  to: string;
  subject: string;
  text: string;
}

module('notices to members (mail outbox)', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  let admin: TestClient;

  hooks.before(async () => {
    admin = await loggedInAdmin(forum(), 'mailadmin');
    await setSettings(forum(), { backup_codes_count: 5, backup_codes_low_threshold: 3 });
  });

  async function mailsTo(email: string): Promise<OutboxMail[]> {
    const outbox = await admin.get<{ mails: OutboxMail[] }>('/api/admin/mail-outbox');
    return outbox.body.mails.filter((m) => m.to === email).reverse();
  }

  test('each change and each use produces exactly one mail, with no code or secret in it', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'mailed');
    const codes = enrolled.enableResponse.backupCodes as string[];
    for (const code of codes.slice(0, 2)) await logInWithBackupCode(forum(), enrolled, code);
    await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`);

    const mails = await mailsTo(enrolled.member.email);
    assert.deepEqual(
      mails.map((m) => m.subject),
      [
        'Forum: an authenticator app was added',
        'Forum: new backup codes were created',
        'Forum: a backup code was used',
        'Forum: a backup code was used',
        'Forum: you are running low on backup codes',
        'Forum: an authenticator app was removed',
      ],
    );
    assert.ok(
      mails[3]!.text.includes('Backup code #2 was used') && mails[3]!.text.includes('3 remain'),
      mails[3]!.text,
    );
    assert.ok(mails[5]!.text.includes('It was the last one'));
    const all = JSON.stringify(mails);
    for (const secret of [
      enrolled.secret,
      enrolled.member.password,
      ...codes,
      ...codes.map((c) => c.replaceAll('-', '')),
    ]) {
      assert.notOk(all.includes(secret), 'no secret in any mail');
    }
  });

  test("an admin reset mails the member; the outbox is the admins' to read", async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'resetmail');
    const id = await userIdOf(forum(), enrolled.member.username);
    await admin.post(`/api/admin/users/${id}/second-factors/reset`, {});
    const mails = await mailsTo(enrolled.member.email);
    assert.strictEqual(mails.at(-1)?.subject, 'Forum: two-factor authentication was reset');
    assert.ok(mails.at(-1)?.text.startsWith('An admin reset two-factor authentication'));
    // The reset logged the member out everywhere (their next request gets a visitor's token);
    // back in with the password alone.
    assert.strictEqual((await enrolled.client.get('/api/session/current')).status, 404, 'logged out by the reset');
    await enrolled.client.logIn(enrolled.member.username, enrolled.member.password);
    assert.strictEqual(
      (await enrolled.client.get('/api/admin/mail-outbox')).status,
      403,
      'members cannot read the outbox',
    );
  });

  test('a lockout and a reused code are mailed', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'lockmail');
    for (let i = 0; i < 5; i++) {
      await enrolled.client.post('/api/session/confirm', {
        password: enrolled.member.password,
        method: 'totp',
        token: String(100000 + i),
      });
    }
    const subjects = (await mailsTo(enrolled.member.email)).map((m) => m.subject);
    assert.ok(subjects.includes('Forum: logging in paused after wrong codes'), subjects.join(' | '));
    assert.strictEqual(
      subjects.filter((s) => s === 'Forum: logging in paused after wrong codes').length,
      1,
      'once per lockout',
    );

    const other = await memberWithAuthenticator(forum(), 'reusemail');
    const code = totpAt(other.secret, nowSeconds() + 30);
    for (let i = 0; i < 2; i++)
      await other.client.post('/api/session/confirm', { password: other.member.password, method: 'totp', token: code });
    const otherSubjects = (await mailsTo(other.member.email)).map((m) => m.subject);
    assert.ok(otherSubjects.includes('Forum: a used login code was entered again'), otherSubjects.join(' | '));
  });
});
