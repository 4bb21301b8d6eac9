import QUnit from 'qunit';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { writeSiteSettings, type ApiResponse, type TestClient, type TestForum } from 'forum-server/testing';
import type {
  RegisteredSecurityKey,
  SecondFactorsStatus,
  MemberSecondFactors,
  WebAuthnRelyingParty,
} from '@second-factor/core';
import { errorCode, loggedInAdmin, memberWithAuthenticator, newMember, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';
import { SoftAuthenticator } from './support/soft-authenticator.js';

const { module, test } = QUnit;

/**
 * Security keys and passkeys (WebAuthn) end to end over HTTP, driven by a software authenticator
 * that signs what a browser and a key would, and, on request, what they never would (another
 * origin, another rp id, an old challenge, a counter that went back, no user verification).
 */
interface KeyHolder {
  client: TestClient;
  member: ReturnType<typeof newMember>;
  userId: number;
  key: SoftAuthenticator;
  keyId: number;
  registered: ApiResponse<RegisteredSecurityKey>;
}

function originOf(forum: TestForum): string {
  return forum.forum.publicUrl;
}

async function registrationOptions(client: TestClient): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await client.post<PublicKeyCredentialCreationOptionsJSON>(
    '/api/u/me/second-factors/webauthn/registration-options',
    {},
  );
  if (options.status !== 200) throw new Error(`registration options: ${options.text}`);
  return options.body;
}

/** A new member with one security key (a passkey: discoverable, verifies its user), logged in on `client`. */
async function memberWithKey(
  forum: TestForum,
  init: { key?: SoftAuthenticator; counterMode?: 'increment' | 'zero' } = {},
): Promise<KeyHolder> {
  const client = forum.client();
  const member = newMember('wa');
  const signup = await client.signUp(member);
  if (signup.status !== 201) throw new Error(`sign-up failed: ${signup.text}`);
  const key = init.key ?? new SoftAuthenticator({ attachment: 'platform' });
  const response = key.register(await registrationOptions(client), {
    origin: originOf(forum),
    residentKey: true,
    counterMode: init.counterMode ?? 'increment',
  });
  const registered = await client.post<RegisteredSecurityKey>('/api/u/me/second-factors/webauthn', {
    response,
    name: 'My key',
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.text}`);
  return { client, member, userId: signup.body.user.id, key, keyId: registered.body.webauthn.id, registered };
}

/** Password accepted, second step pending: the login challenge and the methods offered. */
async function passwordStep(forum: TestForum, member: { username: string; password: string }) {
  const client = forum.client();
  const step = await client.logIn(member.username, member.password);
  return { client, challenge: step.body.challenge as string, methods: step.body.methods as string[] };
}

async function loginOptions(client: TestClient, challenge: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await client.post<PublicKeyCredentialRequestOptionsJSON>(
    '/api/session/second-factor/webauthn-options',
    { challenge },
  );
  if (options.status !== 200) throw new Error(`login options: ${options.text}`);
  return options.body;
}

async function eventsOf(forum: TestForum, userId: number): Promise<string[]> {
  const rows: { event: string }[] = await forum.forum.services
    .db('second_factor_events')
    .where({ user_id: userId })
    .orderBy('id')
    .select('event');
  return rows.map((r) => r.event);
}

async function mailSubjects(forum: TestForum, email: string): Promise<string[]> {
  const rows: { subject: string }[] = await forum.forum.services
    .db('mail_outbox')
    .where({ to_address: email })
    .orderBy('id')
    .select('subject');
  return rows.map((r) => r.subject);
}

module('security keys and passkeys (WebAuthn)', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('anyone can read the one origin keys work at, to warn a page reached at another address', async (assert) => {
    const visitor = forum().client();
    const rp = await visitor.get<WebAuthnRelyingParty>('/api/second-factors/webauthn/relying-party');
    assert.strictEqual(rp.status, 200, rp.text);
    assert.deepEqual(rp.body, { origin: originOf(forum()), id: 'localhost' });
    const holder = await memberWithKey(forum());
    const options = await holder.client.post<PublicKeyCredentialRequestOptionsJSON>(
      '/api/u/me/second-factors/webauthn/authentication-options',
      {},
    );
    assert.strictEqual(options.body.rpId, rp.body.id, 'the rp id the prompts use');
  });

  test('the relying party is localhost on a loopback forum, and registration is verified and stored', async (assert) => {
    const client = forum().client();
    const member = newMember('wa');
    const signup = await client.signUp(member);
    const options = await registrationOptions(client);
    assert.strictEqual(options.rp.id, 'localhost', 'an IP address is never an rp id: localhost');
    assert.ok(originOf(forum()).startsWith('http://localhost:'), originOf(forum()));
    assert.strictEqual(options.attestation, 'none');
    const key = new SoftAuthenticator();
    const response = key.register(options, { origin: originOf(forum()), residentKey: false });
    const registered = await client.post<RegisteredSecurityKey>('/api/u/me/second-factors/webauthn', {
      response,
      name: 'YubiKey',
    });
    assert.strictEqual(registered.status, 201, registered.text);
    assert.strictEqual(registered.body.webauthn.name, 'YubiKey');
    assert.strictEqual(
      registered.body.backupCodes?.length,
      10,
      'the first second factor brings the first batch of backup codes',
    );
    const status = await client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual(
      status.body.webauthn.map((k) => k.name),
      ['YubiKey'],
    );
    const rows: { data: { credentialId: string; publicKey: string; userHandle: string } }[] = await forum()
      .forum.services.db('user_second_factors')
      .where({ user_id: signup.body.user.id, method: 3 });
    assert.strictEqual(rows[0]?.data.credentialId, key.credentials[0]?.id, 'the credential id, as base64url');
    assert.strictEqual(rows[0]?.data.userHandle, options.user.id, "the member's user handle from the options");
    assert.ok(await eventsOf(forum(), signup.body.user.id).then((e) => e.includes('webauthn_added')), 'an event');
    assert.ok(
      (await mailSubjects(forum(), member.email)).some((s) => s.includes('a security key was added')),
      'a notice',
    );
  });

  test("a second key keeps the member's user handle, brings no new codes, and an answer is used once", async (assert) => {
    const holder = await memberWithKey(forum());
    const options = await registrationOptions(holder.client);
    assert.strictEqual(
      options.excludeCredentials?.[0]?.id,
      holder.key.credentials[0]?.id,
      'the browser is told which key exists',
    );
    const second = new SoftAuthenticator();
    const response = second.register(options, { origin: originOf(forum()) });
    const registered = await holder.client.post<RegisteredSecurityKey>('/api/u/me/second-factors/webauthn', {
      response,
    });
    assert.strictEqual(registered.status, 201, registered.text);
    assert.strictEqual(registered.body.backupCodes, undefined, 'no new batch');
    assert.strictEqual(registered.body.webauthn.name, 'Security key', 'the default name');
    const unlisted = await holder.client.post('/api/u/me/second-factors/webauthn', { response });
    assert.strictEqual(unlisted.status, 422, 'the same answer again: its challenge is used up');
  });

  test('registration refuses another origin, another rp id and a challenge used already', async (assert) => {
    const client = forum().client();
    await client.signUp(newMember('wa'));
    const key = new SoftAuthenticator();
    const wrongOrigin = key.register(await registrationOptions(client), { origin: 'https://evil.example' });
    const refused = await client.post('/api/u/me/second-factors/webauthn', { response: wrongOrigin });
    assert.strictEqual(refused.status, 422, refused.text);
    assert.strictEqual(errorCode(refused), 'security_key_rejected');
    const wrongRp = key.register(await registrationOptions(client), {
      origin: originOf(forum()),
      rpId: 'evil.example',
    });
    assert.strictEqual(
      (await client.post('/api/u/me/second-factors/webauthn', { response: wrongRp })).status,
      422,
      'wrong rp id',
    );
    const options = await registrationOptions(client);
    const right = key.register(options, { origin: originOf(forum()) });
    assert.strictEqual(
      (await client.post('/api/u/me/second-factors/webauthn', { response: right })).status,
      201,
      'the right answer',
    );
    const replay = new SoftAuthenticator().register(options, { origin: originOf(forum()) });
    assert.strictEqual(
      (await client.post('/api/u/me/second-factors/webauthn', { response: replay })).status,
      422,
      'its challenge is used up',
    );
  });

  test('adding a key needs recent authentication; a malformed answer is a 400', async (assert) => {
    const holder = await memberWithKey(forum());
    assert.strictEqual(
      (await holder.client.post('/api/u/me/second-factors/webauthn', { response: 'nope' })).status,
      400,
    );
    forum().clock.advance(11 * 60 * 1000);
    const refused = await holder.client.post('/api/u/me/second-factors/webauthn/registration-options', {});
    assert.strictEqual(refused.status, 403);
    assert.strictEqual(errorCode(refused), 'recent_auth_required');
  });

  test('login: the second step takes the key, first when it is the only factor', async (assert) => {
    const holder = await memberWithKey(forum());
    const { client, challenge, methods } = await passwordStep(forum(), holder.member);
    assert.deepEqual(methods, ['webauthn', 'backup_code']);
    const options = await loginOptions(client, challenge);
    assert.strictEqual(options.rpId, 'localhost');
    assert.deepEqual(
      options.allowCredentials?.map((c) => c.id),
      [holder.key.credentials[0]!.id],
    );
    const token = holder.key.authenticate(options, { origin: originOf(forum()), userVerified: false });
    const loggedIn = await client.post('/api/session/second-factor', { challenge, method: 'webauthn', token });
    assert.strictEqual(loggedIn.status, 200, loggedIn.text);
    assert.strictEqual((await client.get('/api/session/current')).status, 200, 'logged in');
    assert.ok((await eventsOf(forum(), holder.userId)).includes('webauthn_verified'));
  });

  test('login: another origin, another rp id, an old challenge and a replayed answer are refused', async (assert) => {
    const holder = await memberWithKey(forum());
    const { client, challenge } = await passwordStep(forum(), holder.member);
    const send = async (token: unknown) =>
      client.post('/api/session/second-factor', { challenge, method: 'webauthn', token });
    const wrongOrigin = await send(
      holder.key.authenticate(await loginOptions(client, challenge), { origin: 'https://evil.example' }),
    );
    assert.strictEqual(wrongOrigin.status, 401, wrongOrigin.text);
    assert.strictEqual(errorCode(wrongOrigin), 'invalid_second_factor');
    assert.strictEqual(
      (
        await send(
          holder.key.authenticate(await loginOptions(client, challenge), {
            origin: originOf(forum()),
            rpId: 'evil.example',
          }),
        )
      ).status,
      401,
      'wrong rp id',
    );
    const old = await loginOptions(client, challenge);
    const newer = await loginOptions(client, challenge);
    assert.strictEqual(
      (await send(holder.key.authenticate(old, { origin: originOf(forum()) }))).status,
      401,
      'an older challenge was replaced',
    );
    const answer = holder.key.authenticate(await loginOptions(client, challenge), { origin: originOf(forum()) });
    assert.notStrictEqual(newer.challenge, old.challenge);
    assert.strictEqual((await send(answer)).status, 200, 'the answer to the latest options');
    const other = await passwordStep(forum(), holder.member);
    await loginOptions(other.client, other.challenge);
    const replay = await other.client.post('/api/session/second-factor', {
      challenge: other.challenge,
      method: 'webauthn',
      token: answer,
    });
    assert.strictEqual(replay.status, 401, 'the same answer again, on another login, is refused');
  });

  test('a passkey whose counter stays 0 cannot answer the same challenge twice', async (assert) => {
    const holder = await memberWithKey(forum(), { counterMode: 'zero' });
    const { client, challenge } = await passwordStep(forum(), holder.member);
    const answer = holder.key.authenticate(await loginOptions(client, challenge), { origin: originOf(forum()) });
    const first = await client.post('/api/session/second-factor', { challenge, method: 'webauthn', token: answer });
    assert.strictEqual(first.status, 200, first.text);
    const again = await passwordStep(forum(), holder.member);
    const replay = await again.client.post('/api/session/second-factor', {
      challenge: again.challenge,
      method: 'webauthn',
      token: answer,
    });
    assert.strictEqual(replay.status, 401, 'no options were handed to this login: nothing to answer');
  });

  test('a counter going back is refused, logged as a possible clone, and noticed', async (assert) => {
    const holder = await memberWithKey(forum());
    const login = async () => {
      const { client, challenge } = await passwordStep(forum(), holder.member);
      return { client, challenge, options: await loginOptions(client, challenge) };
    };
    for (let i = 0; i < 3; i++) {
      const step = await login();
      const ok = await step.client.post('/api/session/second-factor', {
        challenge: step.challenge,
        method: 'webauthn',
        token: holder.key.authenticate(step.options, { origin: originOf(forum()) }),
      });
      assert.strictEqual(ok.status, 200, ok.text);
    }
    const step = await login();
    const cloned = await step.client.post('/api/session/second-factor', {
      challenge: step.challenge,
      method: 'webauthn',
      token: holder.key.authenticate(step.options, { origin: originOf(forum()), counter: 1 }),
    });
    assert.strictEqual(cloned.status, 401, cloned.text);
    assert.strictEqual(errorCode(cloned), 'security_key_cloned');
    assert.ok((await eventsOf(forum(), holder.userId)).includes('webauthn_counter_regressed'), 'an event');
    assert.ok(
      forum().logLines.some((l) => l.includes('possible cloned key')),
      'a warning in the log',
    );
    assert.ok(
      (await mailSubjects(forum(), holder.member.email)).some((s) => s.includes('possible copy')),
      'a notice',
    );
  });

  test("someone else's key is refused at a member's second step", async (assert) => {
    const alice = await memberWithKey(forum());
    const bob = await memberWithKey(forum());
    const { client, challenge } = await passwordStep(forum(), alice.member);
    const options = await loginOptions(client, challenge);
    const token = bob.key.authenticate(options, {
      origin: originOf(forum()),
      credentialId: bob.key.credentials[0]!.id,
    });
    const refused = await client.post('/api/session/second-factor', { challenge, method: 'webauthn', token });
    assert.strictEqual(refused.status, 401, refused.text);
    assert.strictEqual((await client.get('/api/session/current')).status, 404, 'not logged in');
    assert.ok((await eventsOf(forum(), alice.userId)).includes('webauthn_failed'));
  });

  test('passkey login: user verification counts as both factors; without it, refused', async (assert) => {
    const holder = await memberWithKey(forum());
    const visitor = forum().client();
    const options = await visitor.post<PublicKeyCredentialRequestOptionsJSON>('/api/session/passkey-options', {});
    assert.strictEqual(options.status, 200, options.text);
    assert.strictEqual(options.body.userVerification, 'required');
    assert.strictEqual(options.body.allowCredentials, undefined, 'any passkey of this forum: the key names its member');
    const withoutUv = await visitor.post('/api/session/passkey', {
      response: holder.key.authenticate(options.body, { origin: originOf(forum()), userVerified: false }),
    });
    assert.strictEqual(withoutUv.status, 401, withoutUv.text);
    assert.strictEqual(errorCode(withoutUv), 'user_verification_required');
    const fresh = await visitor.post<PublicKeyCredentialRequestOptionsJSON>('/api/session/passkey-options', {});
    const forged = await visitor.post('/api/session/passkey', {
      response: holder.key.authenticate(fresh.body, { origin: originOf(forum()), userHandle: 'AAAA' }),
    });
    assert.strictEqual(forged.status, 401, 'a forged user handle');
    const again = await visitor.post<PublicKeyCredentialRequestOptionsJSON>('/api/session/passkey-options', {});
    const loggedIn = await visitor.post<{ user: { id: number } }>('/api/session/passkey', {
      response: holder.key.authenticate(again.body, { origin: originOf(forum()) }),
    });
    assert.strictEqual(loggedIn.status, 200, loggedIn.text);
    assert.strictEqual(loggedIn.body.user.id, holder.userId);
    assert.strictEqual((await visitor.get('/api/session/current')).status, 200, 'a session, no password asked');
    assert.ok((await eventsOf(forum(), holder.userId)).includes('passkey_login'));
    assert.ok((await mailSubjects(forum(), holder.member.email)).some((s) => s.includes('logged in with a passkey')));
    const replayed = await forum()
      .client()
      .post('/api/session/passkey', { response: holder.key.authenticate(again.body, { origin: originOf(forum()) }) });
    assert.strictEqual(replayed.status, 401, "options of another browser session are not this one's");
  });

  test("confirm it's you and new backup codes accept a key", async (assert) => {
    const holder = await memberWithKey(forum());
    const options = async () =>
      (
        await holder.client.post<PublicKeyCredentialRequestOptionsJSON>(
          '/api/u/me/second-factors/webauthn/authentication-options',
          {},
        )
      ).body;
    const confirmed = await holder.client.post('/api/session/confirm', {
      password: holder.member.password,
      method: 'webauthn',
      token: holder.key.authenticate(await options(), { origin: originOf(forum()) }),
    });
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    assert.ok(confirmed.body.secondFactorGrant, 'a grant for the action waiting');
    const codes = await holder.client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      method: 'webauthn',
      token: holder.key.authenticate(await options(), { origin: originOf(forum()) }),
    });
    assert.strictEqual(codes.status, 201, codes.text);
    assert.strictEqual(codes.body.backupCodes.length, 10);
    const replay = await holder.client.post('/api/session/confirm', {
      password: holder.member.password,
      method: 'webauthn',
      token: holder.key.authenticate({ ...(await options()), challenge: 'AAAA' }, { origin: originOf(forum()) }),
    });
    assert.strictEqual(replay.status, 401, 'an answer to a challenge the server did not give');
  });

  test('the password change takes a key when the recent-login window has closed', async (assert) => {
    const holder = await memberWithKey(forum());
    forum().clock.advance(11 * 60 * 1000); // past recent_auth_window_minutes (10 by default)
    const change = (token?: unknown) =>
      holder.client.post('/api/u/me/password', {
        currentPassword: holder.member.password,
        newPassword: `${holder.member.password} again`,
        ...(token === undefined ? {} : { method: 'webauthn', token }),
      });
    const asked = await change();
    assert.strictEqual(errorCode(asked), 'second_factor_required', 'a second factor is asked for');
    const options = await holder.client.post<PublicKeyCredentialRequestOptionsJSON>(
      '/api/u/me/second-factors/webauthn/authentication-options',
      {},
    );
    const changed = await change(holder.key.authenticate(options.body, { origin: originOf(forum()) }));
    assert.strictEqual(changed.status, 204, changed.text);
    const relogin = await forum().client().logIn(holder.member.username, `${holder.member.password} again`);
    assert.strictEqual(relogin.status, 200, 'the new password is the one');
  });

  test('rename and remove; removing the last second factor removes the backup codes', async (assert) => {
    const holder = await memberWithKey(forum());
    const renamed = await holder.client.request<RegisteredSecurityKey>(
      'PATCH',
      `/api/u/me/second-factors/webauthn/${holder.keyId}`,
      { json: { name: 'Blue key' } },
    );
    assert.strictEqual(renamed.status, 200, renamed.text);
    assert.strictEqual(renamed.body.webauthn.name, 'Blue key');
    const other = await memberWithKey(forum());
    assert.strictEqual(
      (
        await other.client.request('PATCH', `/api/u/me/second-factors/webauthn/${holder.keyId}`, {
          json: { name: 'Mine' },
        })
      ).status,
      404,
      "not someone else's",
    );
    assert.strictEqual((await other.client.delete(`/api/u/me/second-factors/webauthn/${holder.keyId}`)).status, 404);
    assert.strictEqual((await holder.client.delete(`/api/u/me/second-factors/webauthn/${holder.keyId}`)).status, 204);
    const status = await holder.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual(status.body.webauthn, []);
    assert.strictEqual(status.body.backupCodes.remaining, 0, 'the codes went with the last factor');
    const login = await forum().client().logIn(holder.member.username, holder.member.password);
    assert.ok(login.body.user, 'the password alone logs in now');
    const events = await eventsOf(forum(), holder.userId);
    assert.ok(
      ['webauthn_renamed', 'webauthn_removed', 'backup_codes_removed'].every((e) => events.includes(e)),
      events.join(),
    );
  });

  test('removing the last authenticator app keeps the codes while a key remains', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'wt');
    const key = new SoftAuthenticator();
    const registered = await enrolled.client.post<RegisteredSecurityKey>('/api/u/me/second-factors/webauthn', {
      response: key.register(await registrationOptions(enrolled.client), { origin: originOf(forum()) }),
    });
    assert.strictEqual(registered.body.backupCodes, undefined, 'the app brought the codes already');
    assert.strictEqual(
      (await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`)).status,
      204,
    );
    const status = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.strictEqual(status.body.backupCodes.remaining, 10);
    // Then the key, the last factor of either kind: the same rule takes the codes with it.
    assert.strictEqual(
      (await enrolled.client.delete(`/api/u/me/second-factors/webauthn/${registered.body.webauthn.id}`)).status,
      204,
    );
    const after = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.strictEqual(after.body.backupCodes.remaining, 0, 'the codes went with the last factor');
  });

  test('removing the last key keeps the codes while an app remains; removing the app then takes them', async (assert) => {
    const holder = await memberWithKey(forum());
    const pending = await holder.client.post<{ id: number; secret: string }>('/api/u/me/second-factors/totp', {});
    const enabled = await holder.client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
      token: totpAt(
        pending.body.secret,
        forum().clock ? Math.floor(forum().clock.now().getTime() / 1000) : nowSeconds(),
      ),
    });
    assert.strictEqual(enabled.status, 200, enabled.text);
    assert.strictEqual((await holder.client.delete(`/api/u/me/second-factors/webauthn/${holder.keyId}`)).status, 204);
    const kept = await holder.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.strictEqual(kept.body.backupCodes.remaining, 10, 'the app still needs them');
    assert.strictEqual((await holder.client.delete(`/api/u/me/second-factors/totp/${pending.body.id}`)).status, 204);
    const gone = await holder.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.strictEqual(gone.body.backupCodes.remaining, 0, 'the codes went with the last factor');
    const removals = (await eventsOf(forum(), holder.userId)).filter((e) => e === 'backup_codes_removed');
    assert.strictEqual(removals.length, 1, 'one event, when the codes went');
  });

  test('admins see the keys, the reset removes them, and enforcement counts them', async (assert) => {
    const holder = await memberWithKey(forum());
    await writeSiteSettings(forum().forum, { enforce_second_factor: 'all' });
    try {
      assert.strictEqual(
        (await holder.client.get('/api/admin/users')).status,
        403,
        'an ordinary member meets the admin check, not enforcement',
      );
      const status = await holder.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
      assert.false(status.body.setupRequired, 'a key is a second factor');
    } finally {
      await writeSiteSettings(forum().forum, { enforce_second_factor: 'no' });
    }
    const admin = await loggedInAdmin(forum());
    const summary = await admin.get<MemberSecondFactors>(`/api/admin/users/${holder.userId}/second-factors`);
    assert.true(summary.body.enabled);
    assert.deepEqual(
      summary.body.securityKeys.map((k) => ({ ...k, createdAt: typeof k.createdAt, lastUsedAt: typeof k.lastUsedAt })),
      [{ id: holder.keyId, name: 'My key', createdAt: 'string', lastUsedAt: 'object', passkey: true }],
      'name, added, never used yet, a passkey; never the credential or its public key',
    );
    assert.false(JSON.stringify(summary.body).includes(holder.key.credentials[0]!.id), 'no credential id');

    // Used once at the second step: the admin sees when.
    const step = await passwordStep(forum(), holder.member);
    const used = await step.client.post('/api/session/second-factor', {
      challenge: step.challenge,
      method: 'webauthn',
      token: holder.key.authenticate(await loginOptions(step.client, step.challenge), { origin: originOf(forum()) }),
    });
    assert.strictEqual(used.status, 200, used.text);
    const seen = await admin.get<MemberSecondFactors>(`/api/admin/users/${holder.userId}/second-factors`);
    assert.strictEqual(typeof seen.body.securityKeys[0]?.lastUsedAt, 'string', 'last used');

    const reset = await admin.post(`/api/admin/users/${holder.userId}/second-factors/reset`, {});
    assert.strictEqual(reset.status, 200, reset.text);
    assert.deepEqual(reset.body, { removed: 11 }, 'the key and its 10 backup codes');
    const after = await admin.get<MemberSecondFactors>(`/api/admin/users/${holder.userId}/second-factors`);
    assert.deepEqual(after.body.securityKeys, []);
    assert.false(after.body.enabled);
    const rows = await forum().forum.services.db('user_second_factors').where({ user_id: holder.userId });
    assert.deepEqual(rows, [], 'nothing of the key left in the database');
    const resetEvent: { details: string | Record<string, unknown> } = await forum()
      .forum.services.db('second_factor_events')
      .where({ user_id: holder.userId, event: 'second_factors_reset' })
      .first();
    const details = typeof resetEvent.details === 'string' ? JSON.parse(resetEvent.details) : resetEvent.details;
    assert.deepEqual(
      { securityKeys: details.securityKeys, backupCodes: details.backupCodes, authenticators: details.authenticators },
      { securityKeys: 1, backupCodes: 10, authenticators: 0 },
      'the event counts the key',
    );
    // The key no longer logs in: the password alone does, and a passkey answer is refused.
    const again = await forum().client().logIn(holder.member.username, holder.member.password);
    assert.ok('user' in again.body, 'the password alone logs in after the reset');
  });
});

module('security keys: attempt limits under a burst', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('100 wrong assertions at once: at most 5 are checked, the rest refused unchecked', async (assert) => {
    const holder = await memberWithKey(forum());
    const stranger = new SoftAuthenticator();
    stranger.register(await registrationOptions(holder.client), {
      origin: originOf(forum()),
      ignoreExcludeCredentials: true,
    });
    const options = (
      await holder.client.post<PublicKeyCredentialRequestOptionsJSON>(
        '/api/u/me/second-factors/webauthn/authentication-options',
        {},
      )
    ).body;
    // Signed by a key the server never stored, under the member's credential id: a wrong signature.
    const wrong = {
      ...stranger.authenticate(options, { origin: originOf(forum()), credentialId: stranger.credentials[0]!.id }),
      id: holder.key.credentials[0]!.id,
      rawId: holder.key.credentials[0]!.id,
    };
    await holder.client.csrfToken();
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        holder.client.post('/api/u/me/backup-codes', { method: 'webauthn', token: wrong }),
      ),
    );
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    assert.ok((counts[401] ?? 0) <= 5 && (counts[401] ?? 0) > 0, `checked (401): ${JSON.stringify(counts)}`);
    assert.strictEqual((counts[401] ?? 0) + (counts[429] ?? 0), 100, JSON.stringify(counts));
    const right = await holder.client.post('/api/u/me/backup-codes', {
      method: 'webauthn',
      token: holder.key.authenticate(
        (
          await holder.client.post<PublicKeyCredentialRequestOptionsJSON>(
            '/api/u/me/second-factors/webauthn/authentication-options',
            {},
          )
        ).body,
        { origin: originOf(forum()) },
      ),
    });
    assert.strictEqual(right.status, 429, 'the right key is refused while the lockout lasts');
  });
});
