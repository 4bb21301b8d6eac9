/**
 * Helpers for the backup-code journeys: set the scene through the real server's API (not
 * through the app under test), and drive the login modal's steps the way a member does.
 */
import { click, fillIn, findAll } from '@ember/test-helpers';
import {
  adminCredentials,
  createAuthenticatorOnServer,
  logInOnServer,
  logOutOnServer,
  nextTotpCode,
  type Credentials,
} from './server';
import { totpCode } from './totp';

async function csrfToken(): Promise<string> {
  const response = await fetch('/api/session/csrf', { credentials: 'same-origin' });
  const { csrf } = (await response.json()) as { csrf: string };
  return csrf;
}

/**
 * Add and enable an authenticator for the logged-in member and keep the first batch of
 * backup codes the server hands over. The current TOTP step is spent by enabling.
 */
export async function enrolWithBackupCodesOnServer(): Promise<{ secret: string; backupCodes: string[] }> {
  const pending = await createAuthenticatorOnServer();
  const response = await fetch(`/api/u/me/second-factors/totp/${pending.id}/enable`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await csrfToken() },
    body: JSON.stringify({ token: await totpCode(pending.secret), name: 'Phone' }),
  });
  if (!response.ok) throw new Error(`enable failed: ${response.status} ${await response.text()}`);
  const { backupCodes } = (await response.json()) as { backupCodes?: string[] };
  if (!backupCodes) throw new Error('the server sent no first batch of backup codes');
  return { secret: pending.secret, backupCodes };
}

/** The codes on screen (the codes sheet), in order. */
export function codesOnScreen(): string[] {
  return findAll('[data-test-backup-codes] li code').map((code) => code.textContent.trim());
}

/** From the logged-out header: the login modal's password step, up to the second factor. */
export async function logInWithPassword(member: Credentials): Promise<void> {
  await click('.site-header .btn-primary');
  await fillIn('#login-name', member.username);
  await fillIn('#login-password', member.password);
  await click('[role="dialog"] button[type="submit"]');
}

/** On the second step: switch to a backup code and send `code`. */
export async function answerWithBackupCode(code: string): Promise<void> {
  if (!document.querySelector('#login-backup-code')) await click('[role="dialog"] [data-test-switch-method]');
  await fillIn('#login-backup-code', code);
  await click('[role="dialog"] button[type="submit"]');
}

async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await csrfToken() },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/**
 * Run `scene` with the site setting `name` set to `value` by the runner's admin, and always
 * put the previous value back afterwards, so no other test sees it. The browser's session
 * is the admin's only while changing the setting: `scene` starts logged out.
 */
export async function withSiteSetting(name: string, value: unknown, scene: () => Promise<void>): Promise<void> {
  const asAdmin = async (change: () => Promise<void>) => {
    await logOutOnServer();
    await logInOnServer(adminCredentials());
    await change();
    await logOutOnServer();
  };
  let previous: unknown;
  await asAdmin(async () => {
    const { settings } = await sendJson<{ settings: { name: string; value: unknown }[] }>(
      'GET',
      '/api/admin/site-settings',
    );
    previous = settings.find((setting) => setting.name === name)?.value;
    await sendJson('PUT', '/api/admin/site-settings', { settings: { [name]: value } });
  });
  try {
    await scene();
  } finally {
    await asAdmin(() => sendJson('PUT', '/api/admin/site-settings', { settings: { [name]: previous } }));
  }
}

/** Log a member with an authenticator in through the API, answering with its next code. */
export async function logInWithTotpOnServer(member: Credentials, secret: string): Promise<void> {
  const { challenge } = await sendJson<{ challenge?: string }>('POST', '/api/session', {
    login: member.username,
    password: member.password,
  });
  if (!challenge) throw new Error('expected a second-factor challenge');
  await sendJson('POST', '/api/session/second-factor', {
    challenge,
    method: 'totp',
    token: await nextTotpCode(secret),
  });
}

/** The login's password step through the API: the challenge and the methods the server offers. */
export async function passwordStepOnServer(member: Credentials): Promise<{ challenge: string; methods: string[] }> {
  const answer = await sendJson<{ challenge?: string; methods?: string[] }>('POST', '/api/session', {
    login: member.username,
    password: member.password,
  });
  if (!answer.challenge || !answer.methods) throw new Error('expected a second-factor challenge');
  return { challenge: answer.challenge, methods: answer.methods };
}
