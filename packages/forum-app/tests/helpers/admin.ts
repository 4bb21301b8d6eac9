/**
 * Scene-setting for the admin tests, straight through the API (see server.ts): site settings,
 * and a temporary authenticator for the runner's admin, so it can still reach the settings
 * while enforcement is on (an admin without 2FA is locked out like everyone else).
 */
import {
  adminCredentials,
  addAuthenticatorOnServer,
  logInOnServer,
  logOutOnServer,
  nextTotpCode,
  send,
  sendJson,
  signUpOnServer,
  type Credentials,
} from './server';

/** A new member with an authenticator app, and then the admin logged in instead: the scene of most admin tests. */
export async function memberWithAuthenticatorThenAdmin(): Promise<Credentials & { email: string }> {
  const member = await signUpOnServer();
  await addAuthenticatorOnServer('Phone');
  await logOutOnServer();
  await logInOnServer(adminCredentials());
  return member;
}

export async function putSiteSetting(name: string, value: unknown): Promise<void> {
  await sendJson('PUT', '/api/admin/site-settings', { settings: { [name]: value } });
}

/** Log in as `credentials`, answering the second step with the authenticator's next code. */
export async function logInWithAuthenticatorOnServer(
  credentials: { username: string; password: string },
  secret: string,
): Promise<void> {
  const first = await sendJson<{ challenge?: string }>('POST', '/api/session', {
    login: credentials.username,
    password: credentials.password,
  });
  if (!first.challenge) return;
  await sendJson('POST', '/api/session/second-factor', {
    challenge: first.challenge,
    method: 'totp',
    token: await nextTotpCode(secret),
  });
}

/**
 * Run `scene` with `enforce_second_factor` set to `value` (and no grace period), and always put
 * it back to "no" and the admin back to password-only afterwards, so no other test is affected.
 */
export async function withEnforcement(value: 'staff' | 'all', scene: () => Promise<void>): Promise<void> {
  const admin = adminCredentials();
  await logOutOnServer();
  await logInOnServer(admin);
  const authenticator = await addAuthenticatorOnServer('Admin test phone');
  let removed: Response;
  try {
    // Blocked at once: these scenes are about the block (the grace period has its own tests).
    await putSiteSetting('second_factor_enforcement_grace_days', 0);
    await putSiteSetting('enforce_second_factor', value);
    await scene();
  } finally {
    await logOutOnServer();
    await logInWithAuthenticatorOnServer(admin, authenticator.secret);
    await putSiteSetting('enforce_second_factor', 'no');
    await putSiteSetting('second_factor_enforcement_grace_days', 7);
    // Just logged in with both factors: the recent-authentication window is open.
    removed = await send('DELETE', `/api/u/me/second-factors/totp/${authenticator.id}`);
    await logOutOnServer();
  }
  // After the finally, so a failed clean-up never hides the scene's own failure.
  if (!removed.ok) throw new Error(`could not remove the admin's test authenticator: ${removed.status}`);
}
