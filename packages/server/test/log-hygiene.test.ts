import QUnit from 'qunit';
import type { PendingAuthenticator } from '@second-factor/core';
import { startTestForum, type TestForum } from 'forum-server/testing';
import { newMember, pluginManifest } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module('log hygiene', (hooks) => {
  let forum: TestForum;
  hooks.before(async () => {
    forum = await startTestForum({ pluginManifests: [pluginManifest], logLevel: 'trace' });
  });
  hooks.after(async () => {
    await forum.stop();
  });

  test('a full journey logs every decision, and no password, code, token, secret or cookie', async (assert) => {
    const secrets: string[] = [];
    const member = newMember('logs');
    secrets.push(member.password);
    const client = forum.client();
    await client.signUp(member);
    secrets.push(client.sessionCookie!, await client.csrfToken());

    const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {});
    secrets.push(pending.body.secret);
    const enableCode = totpAt(pending.body.secret, nowSeconds());
    const enabled = await client.post<{ backupCodes: string[] }>(
      `/api/u/me/second-factors/totp/${pending.body.id}/enable`,
      { token: enableCode },
    );
    secrets.push(...enabled.body.backupCodes, ...enabled.body.backupCodes.map((c) => c.replaceAll('-', '')));

    const second = forum.client();
    await second.logIn(member.username, 'a wrong password attempt');
    secrets.push('a wrong password attempt');
    const step1 = await second.logIn(member.username, member.password);
    const challenge = (step1.body as { challenge: string }).challenge;
    secrets.push(challenge);
    await second.post('/api/session/second-factor', { challenge, method: 'totp', token: '000001' });
    const loginCode = totpAt(pending.body.secret, nowSeconds() + 30);
    await second.post('/api/session/second-factor', {
      challenge,
      method: 'backup_code',
      token: enabled.body.backupCodes[0],
    });
    await second.delete('/api/session');
    const third = forum.client();
    const again = await third.logIn(member.username, member.password);
    await third.post('/api/session/second-factor', {
      challenge: (again.body as { challenge: string }).challenge,
      method: 'totp',
      token: loginCode,
    });
    secrets.push(third.sessionCookie!);

    const log = forum.logLines.join('\n');
    assert.ok(
      log.includes('"outcome":"success"') && log.includes('"outcome":"failure"'),
      'authentication decisions are logged',
    );
    assert.ok(log.includes('"ip":'), 'with the client address');
    for (const secret of secrets) {
      assert.notOk(log.includes(secret), `not in the logs: a ${secret.length}-character secret`);
    }
    // Six-digit TOTP codes are short enough to occur by chance in timestamps: look for them as values.
    for (const code of [enableCode, loginCode])
      assert.notOk(log.includes(`"${code}"`), 'no TOTP code as a logged value');
  });
});
