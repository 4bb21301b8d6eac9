import { createHash, randomBytes } from 'node:crypto';
import QUnit from 'qunit';
import type { PendingAuthenticator, RegisteredSecurityKey } from '@second-factor/core';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { TestClient, TestForum } from 'forum-server/testing';
import { setSettings, userIdOf } from './support/backup-codes.js';
import {
  errorCode,
  loggedInAdmin,
  memberWithAuthenticator,
  useForumWithPlugin,
  type EnrolledMember,
} from './support/forum.js';
import { totpAt } from './support/rfc6238.js';
import { SoftAuthenticator } from './support/soft-authenticator.js';

const { module, test } = QUnit;

const DAY_MS = 24 * 60 * 60 * 1000;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

interface TrustedDevice {
  id: number;
  label: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

/** A code from the member's app at the forum's time, one step after the last one used. */
function nextCode(forum: TestForum, secret: string): string {
  forum.clock.advance(30_000);
  return totpAt(secret, Math.floor(forum.clock.now().getTime() / 1000));
}

/** The password step on `client`: a session straight away (trusted browser) or a challenge. */
async function passwordStep(client: TestClient, enrolled: EnrolledMember) {
  const response = await client.post<{ user?: { username: string }; challenge?: string }>(
    '/api/session',
    { login: enrolled.member.username, password: enrolled.member.password },
    { headers: { 'user-agent': FIREFOX } },
  );
  if (response.status !== 200) throw new Error(`password step failed: ${response.text}`);
  return response.body;
}

/** A full login with the app's code; `rememberDevice` ticks "Trust this browser". */
async function logIn(forum: TestForum, client: TestClient, enrolled: EnrolledMember, rememberDevice?: boolean) {
  const step1 = await passwordStep(client, enrolled);
  if (!step1.challenge) throw new Error('expected a challenge');
  const step2 = await client.post(
    '/api/session/second-factor',
    {
      challenge: step1.challenge,
      method: 'totp',
      token: nextCode(forum, enrolled.secret),
      ...(rememberDevice === undefined ? {} : { rememberDevice }),
    },
    { headers: { 'user-agent': FIREFOX } },
  );
  if (step2.status !== 200) throw new Error(`second step failed: ${step2.text}`);
  return step2;
}

/** A member with an authenticator, and a fresh browser that logged in with "Trust this browser". */
async function trustedBrowserOf(forum: TestForum): Promise<{ enrolled: EnrolledMember; browser: TestClient }> {
  const enrolled = await memberWithAuthenticator(forum);
  const browser = forum.client();
  await logIn(forum, browser, enrolled, true);
  return { enrolled, browser };
}

async function trustedDevices(client: TestClient): Promise<TrustedDevice[]> {
  const response = await client.get<{ devices: TrustedDevice[] }>('/api/u/me/trusted-devices');
  if (response.status !== 200) throw new Error(`list failed: ${response.text}`);
  return response.body.devices;
}

async function mailsTo(forum: TestForum, enrolled: EnrolledMember): Promise<{ subject: string; body: string }[]> {
  const rows: { subject: string; text_body?: string; body?: string }[] = await forum.forum.services
    .db('mail_outbox')
    .where({ to_address: enrolled.member.email })
    .orderBy('id')
    .select('*');
  return rows.map((r) => ({ subject: r.subject, body: JSON.stringify(r) }));
}

/** Asks again from the same browser, now as a fresh visitor (logged out first). */
async function logOut(client: TestClient): Promise<void> {
  const response = await client.delete('/api/session');
  if (response.status !== 204) throw new Error(`logout failed: ${response.text}`);
}

module('Trust this browser', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('a right second factor with rememberDevice trusts the browser: the next login is the password alone', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    await logOut(browser);
    const again = await passwordStep(browser, enrolled);
    assert.strictEqual(again.user?.username, enrolled.member.username, 'logged in without a second step');
    assert.notOk(again.challenge, 'no challenge');
    assert.strictEqual((await browser.get('/api/session/current')).status, 200);
    const status = await browser.get<{ recentAuthUntil: string | null }>('/api/u/me/second-factors');
    assert.strictEqual(
      status.body.recentAuthUntil,
      null,
      'a login that skipped the second step opens no recent-auth window',
    );

    // Only the cookie's digest is stored.
    const userId = await userIdOf(forum(), enrolled.member.username);
    const rows: Record<string, unknown>[] = await forum().forum.services.db('known_devices').where({ user_id: userId });
    const token = browser.deviceToken!;
    const trusted = rows.find((r) => r.trusted_until !== null);
    assert.strictEqual(trusted?.token_hash, createHash('sha256').update(token).digest('hex'));
    assert.notOk(JSON.stringify(rows).includes(token), 'the token itself is nowhere in the table');
  });

  test('the password is always asked: a wrong one on a trusted browser is refused', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    await logOut(browser);
    const wrong = await browser.post('/api/session', { login: enrolled.member.username, password: 'not the password' });
    assert.strictEqual(wrong.status, 401);
    assert.strictEqual(errorCode(wrong), 'invalid_credentials');
  });

  test('without rememberDevice, or with false, the browser is known but not trusted', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    for (const remember of [undefined, false]) {
      const browser = forum().client();
      await logIn(forum(), browser, enrolled, remember);
      assert.deepEqual(await trustedDevices(browser), [], `${String(remember)}: nothing listed`);
      await logOut(browser);
      assert.ok((await passwordStep(browser, enrolled)).challenge, `${String(remember)}: second step asked`);
    }
  });

  test('another browser, a forged cookie, or another account on the trusted browser: the second step as usual', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    await logOut(browser);
    const elsewhere = forum().client();
    assert.ok((await passwordStep(elsewhere, enrolled)).challenge, 'another browser');

    // A well-formed token the forum never issued, and the trusted one with a character changed.
    const forged = forum().client().useDeviceToken(randomBytes(32).toString('base64url'));
    assert.ok((await passwordStep(forged, enrolled)).challenge, 'a forged cookie');
    const token = browser.deviceToken!;
    const tampered = forum()
      .client()
      .useDeviceToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    assert.ok((await passwordStep(tampered, enrolled)).challenge, 'a tampered cookie');

    const other = await memberWithAuthenticator(forum());
    assert.ok((await passwordStep(browser, other)).challenge, 'another account on the trusted browser');
  });

  test('the trust ends after N days (test clock), and the browser is not listed any more', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    forum().clock.advance(29 * DAY_MS);
    await logOut(browser);
    assert.ok((await passwordStep(browser, enrolled)).user, 'still trusted after 29 days');
    forum().clock.advance(DAY_MS);
    assert.deepEqual(await trustedDevices(browser), [], 'expired: not listed');
    await logOut(browser);
    assert.ok((await passwordStep(browser, enrolled)).challenge, 'after 30 days the second step is asked again');
  });

  test('setting 0 turns it off: rememberDevice is ignored and trusts already given are not honoured', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    try {
      await setSettings(forum(), { second_factor_trusted_device_days: 0 });
      await logOut(browser);
      assert.ok((await passwordStep(browser, enrolled)).challenge, 'the earlier trust is not honoured');
      const fresh = forum().client();
      await logIn(forum(), fresh, enrolled, true);
      assert.deepEqual(await trustedDevices(fresh), [], 'rememberDevice did nothing');
    } finally {
      await setSettings(forum(), { second_factor_trusted_device_days: 30 });
    }
    await logOut(browser);
    assert.ok((await passwordStep(browser, enrolled)).user, 'back on: the trust, still in time, holds again');
  });

  test('lowering the setting shortens trusts already given; raising it does not lengthen them', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    forum().clock.advance(8 * DAY_MS);
    try {
      await setSettings(forum(), { second_factor_trusted_device_days: 7 });
      await logOut(browser);
      assert.ok((await passwordStep(browser, enrolled)).challenge, 'trusted 8 days ago, the site now allows 7');
      await setSettings(forum(), { second_factor_trusted_device_days: 90 });
      forum().clock.advance(23 * DAY_MS);
      await logOut(browser);
      assert.ok((await passwordStep(browser, enrolled)).challenge, 'raising it to 90 does not outlast the 30 given');
    } finally {
      await setSettings(forum(), { second_factor_trusted_device_days: 30 });
    }
  });

  test('rememberDevice must be a boolean (zod at the edge); the challenge stays usable', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const browser = forum().client();
    const step1 = await passwordStep(browser, enrolled);
    const bad = await browser.post('/api/session/second-factor', {
      challenge: step1.challenge,
      method: 'totp',
      token: nextCode(forum(), enrolled.secret),
      rememberDevice: 'yes',
    });
    assert.strictEqual(bad.status, 400);
    assert.strictEqual(errorCode(bad), 'invalid_request');
    const good = await browser.post('/api/session/second-factor', {
      challenge: step1.challenge,
      method: 'totp',
      token: nextCode(forum(), enrolled.secret),
      rememberDevice: true,
    });
    assert.strictEqual(good.status, 200, good.text);
  });
});

module('Trusted browsers in Preferences → Security', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('lists only trusted, unexpired browsers: label from the user agent, dates, this browser marked', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    const second = forum().client();
    await logIn(forum(), second, enrolled, true);
    await logIn(forum(), forum().client(), enrolled); // known, not trusted
    const devices = await trustedDevices(browser);
    assert.strictEqual(devices.length, 2);
    assert.true(devices[0]!.current, 'this browser first');
    assert.false(devices[1]!.current);
    assert.strictEqual(devices[0]!.label, 'Firefox on Linux');
    assert.ok(Date.parse(devices[0]!.createdAt) <= Date.parse(devices[0]!.lastUsedAt));
    assert.deepEqual(Object.keys(devices[0]!).sort(), ['createdAt', 'current', 'id', 'label', 'lastUsedAt']);
    assert.strictEqual((await forum().client().get('/api/u/me/trusted-devices')).status, 401, 'a visitor gets nothing');
  });

  test('"Stop trusting" one: asked again there, the other stays trusted, the browser keeps its lockout exemption', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    const second = forum().client();
    await logIn(forum(), second, enrolled, true);
    const [self] = await trustedDevices(browser);
    const stop = await browser.delete(`/api/u/me/trusted-devices/${self!.id}`);
    assert.strictEqual(stop.status, 204, stop.text);
    assert.strictEqual((await trustedDevices(browser)).length, 1);
    const again = await browser.delete(`/api/u/me/trusted-devices/${self!.id}`);
    assert.strictEqual(again.status, 404, 'already not trusted');
    const userId = await userIdOf(forum(), enrolled.member.username);
    assert.ok(
      await forum().forum.services.db('known_devices').where({ id: self!.id, user_id: userId }).first(),
      'the device row stays: still exempt from lockouts caused by others',
    );
    await logOut(browser);
    assert.ok((await passwordStep(browser, enrolled)).challenge, 'asked again');
    await logOut(second);
    assert.ok((await passwordStep(second, enrolled)).user, 'the other one is still trusted');
  });

  test("another member's trusted browser cannot be ended; CSRF is required", async (assert) => {
    const a = await trustedBrowserOf(forum());
    const b = await trustedBrowserOf(forum());
    const [bDevice] = await trustedDevices(b.browser);
    const foreign = await a.browser.delete(`/api/u/me/trusted-devices/${bDevice!.id}`);
    assert.strictEqual(foreign.status, 404);
    const noCsrf = await a.browser.request('DELETE', '/api/u/me/trusted-devices', { csrf: false });
    assert.strictEqual(noCsrf.status, 403);
    assert.strictEqual(errorCode(noCsrf), 'invalid_csrf');
    assert.strictEqual((await trustedDevices(a.browser)).length, 1, 'nothing ended');
    const badId = await a.browser.delete('/api/u/me/trusted-devices/abc');
    assert.strictEqual(badId.status, 400);
    await logOut(b.browser);
    assert.ok((await passwordStep(b.browser, b.enrolled)).user, "b's browser is still trusted");
  });

  test('"Stop trusting all": every browser is asked again, and the member is mailed', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    const second = forum().client();
    await logIn(forum(), second, enrolled, true);
    const all = await browser.delete('/api/u/me/trusted-devices');
    assert.strictEqual(all.status, 204, all.text);
    assert.deepEqual(await trustedDevices(browser), []);
    assert.strictEqual((await browser.get('/api/session/current')).status, 200, 'the session goes on');
    const mails = await mailsTo(forum(), enrolled);
    assert.ok(
      mails.some((m) => m.subject.includes('you stopped trusting your browsers')),
      'notice queued',
    );
    for (const client of [browser, second]) {
      await logOut(client);
      assert.ok((await passwordStep(client, enrolled)).challenge, 'asked again');
    }
  });
});

module('Every trust ends', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('when the password changes (and the mail says so)', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    const change = await enrolled.client.post('/api/u/me/password', {
      currentPassword: enrolled.member.password,
      newPassword: `${enrolled.member.password} new`,
      method: 'totp',
      token: nextCode(forum(), enrolled.secret),
    });
    assert.strictEqual(change.status, 204, change.text);
    const mail = (await mailsTo(forum(), enrolled)).find((m) => m.subject.includes('your password was changed'));
    assert.ok(mail?.body.includes('Browsers you had trusted ask for your second factor again'), mail?.body);
    enrolled.member.password = `${enrolled.member.password} new`;
    await browser.delete('/api/session'); // the change logged it out already; a visitor now
    assert.ok((await passwordStep(browser, enrolled)).challenge, 'asked again');
  });

  test('when a second factor is removed (event and notice)', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    // A second app, so the member still has a second factor once the first is removed.
    const pending = await enrolled.client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {
      name: 'Tablet',
    });
    const enable = await enrolled.client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
      token: nextCode(forum(), pending.body.secret),
    });
    assert.strictEqual(enable.status, 200, enable.text);
    const confirm = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'totp',
      token: nextCode(forum(), enrolled.secret),
    });
    assert.strictEqual(confirm.status, 200, confirm.text);
    const removed = await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`);
    assert.strictEqual(removed.status, 204, removed.text);

    const userId = await userIdOf(forum(), enrolled.member.username);
    const event = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: userId, event: 'totp_removed' })
      .first('details');
    const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
    assert.strictEqual(details.trustedBrowsersEnded, 1, 'the event counts the trust it ended');
    const mail = (await mailsTo(forum(), enrolled)).find((m) => m.subject.includes('an authenticator app was removed'));
    assert.ok(mail?.body.includes('Browsers you had trusted ask for a second factor again'), mail?.body);

    enrolled.secret = pending.body.secret;
    await logOut(browser);
    assert.ok((await passwordStep(browser, enrolled)).challenge, 'asked again, for the app that is left');
  });

  test('when a security key is removed (event and notice)', async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    const options = await enrolled.client.post<PublicKeyCredentialCreationOptionsJSON>(
      '/api/u/me/second-factors/webauthn/registration-options',
      {},
    );
    const response = new SoftAuthenticator().register(options.body, { origin: forum().forum.publicUrl });
    const registered = await enrolled.client.post<RegisteredSecurityKey>('/api/u/me/second-factors/webauthn', {
      response,
      name: 'Desk key',
    });
    assert.strictEqual(registered.status, 201, registered.text);
    const confirm = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'totp',
      token: nextCode(forum(), enrolled.secret),
    });
    assert.strictEqual(confirm.status, 200, confirm.text);
    const removed = await enrolled.client.delete(`/api/u/me/second-factors/webauthn/${registered.body.webauthn.id}`);
    assert.strictEqual(removed.status, 204, removed.text);

    const userId = await userIdOf(forum(), enrolled.member.username);
    const event = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: userId, event: 'webauthn_removed' })
      .first('details');
    const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
    assert.strictEqual(details.trustedBrowsersEnded, 1);
    const mail = (await mailsTo(forum(), enrolled)).find((m) => m.subject.includes('a security key was removed'));
    assert.ok(mail?.body.includes('Browsers you had trusted ask for a second factor again'), mail?.body);
    await logOut(browser);
    assert.ok((await passwordStep(browser, enrolled)).challenge, 'asked again');
  });

  test("when an admin resets the member's 2FA: set up again, the browser asks for it", async (assert) => {
    const { enrolled, browser } = await trustedBrowserOf(forum());
    const admin = await loggedInAdmin(forum());
    const userId = await userIdOf(forum(), enrolled.member.username);
    const reset = await admin.post(`/api/admin/users/${userId}/second-factors/reset`, {});
    assert.strictEqual(reset.status, 200, reset.text);
    const event = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: userId, event: 'second_factors_reset' })
      .first('details');
    const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
    assert.strictEqual(details.trustedBrowsersEnded, 1);
    const mail = (await mailsTo(forum(), enrolled)).find((m) =>
      m.subject.includes('two-factor authentication was reset'),
    );
    assert.ok(mail?.body.includes('Browsers you had trusted ask for a second factor again'), mail?.body);

    // The member sets up an app again, in a new session; the browser they trusted before asks for it.
    const fresh = forum().client();
    assert.ok((await passwordStep(fresh, enrolled)).user, 'password alone after the reset');
    const pending = await fresh.post<PendingAuthenticator>('/api/u/me/second-factors/totp', { name: 'New phone' });
    const enable = await fresh.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
      token: nextCode(forum(), pending.body.secret),
    });
    assert.strictEqual(enable.status, 200, enable.text);
    assert.ok((await passwordStep(browser, enrolled)).challenge, 'the old trust did not survive the reset');
  });
});
