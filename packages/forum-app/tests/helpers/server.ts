/**
 * Helpers for tests that talk to the real forum server (tests/run-with-server.mjs starts
 * it and proxies /api to it). They go straight through fetch, so they set the scene
 * without going through the app under test.
 */
import { totpCode } from './totp';

let counter = 0;

/** A username no other test of this run (or an earlier run on the same database) uses. */
export function uniqueUsername(prefix = 'm'): string {
  counter += 1;
  return `${prefix}${counter}${Date.now().toString(36)}`;
}

export interface Credentials {
  username: string;
  password: string;
}

/** The admin the runner created; its credentials come in the test page's query string. */
export function adminCredentials(): Credentials {
  const value = new URLSearchParams(window.location.search).get('admin');
  const separator = value?.indexOf(':') ?? -1;
  if (!value || separator < 0) {
    throw new Error('No ?admin=username:password on the test page: run the tests with `npm test`.');
  }
  return { username: value.slice(0, separator), password: value.slice(separator + 1) };
}

/** The runner's unused first-admin setup token, if the server printed one. */
export function setupToken(): string | null {
  return new URLSearchParams(window.location.search).get('setup');
}

async function csrfToken(): Promise<string> {
  const response = await fetch('/api/session/csrf', { credentials: 'same-origin' });
  const { csrf } = (await response.json()) as { csrf: string };
  return csrf;
}

export async function send(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await csrfToken() },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

/** End whatever session the browser has, so each test starts logged out. */
export async function logOutOnServer(): Promise<void> {
  await send('DELETE', '/api/session');
}

/** Create a member through the API; the browser is then logged in as them. */
export async function signUpOnServer(): Promise<Credentials & { email: string }> {
  const username = uniqueUsername();
  const member = { username, email: `${username}@example.test`, password: `pw-${username}-correct-horse` };
  const response = await send('POST', '/api/users', member);
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return member;
}

export async function logInOnServer({ username, password }: Credentials): Promise<void> {
  const response = await send('POST', '/api/session', { login: username, password });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface PendingAuthenticatorOnServer {
  id: number;
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** Start an authenticator for the logged-in member (pending until enabled). */
export function createAuthenticatorOnServer(): Promise<PendingAuthenticatorOnServer> {
  return sendJson('POST', '/api/u/me/second-factors/totp', {});
}

/** Add and enable an authenticator; its current code is spent, so log in with `nextTotpCode`. */
export async function addAuthenticatorOnServer(name: string): Promise<PendingAuthenticatorOnServer> {
  const pending = await createAuthenticatorOnServer();
  await sendJson('POST', `/api/u/me/second-factors/totp/${pending.id}/enable`, {
    token: await totpCode(pending.secret),
    name,
  });
  return pending;
}

/**
 * The code of the next 30-second step: the server accepts one step of drift, and the
 * current step's code may already be spent (by enabling the authenticator).
 */
export function nextTotpCode(secret: string): Promise<string> {
  return totpCode(secret, Date.now() + 30_000);
}

/** A 6-digit code that is none of the codes the server would accept around now. */
export async function wrongTotpCode(secret: string): Promise<string> {
  const near = await Promise.all([-30_000, 0, 30_000, 60_000].map((shift) => totpCode(secret, Date.now() + shift)));
  for (let candidate = 0; ; candidate += 1) {
    const code = String((candidate * 111_111) % 1_000_000).padStart(6, '0');
    if (!near.includes(code)) return code;
  }
}
