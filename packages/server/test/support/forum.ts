import QUnit from 'qunit';
import { fileURLToPath } from 'node:url';
import { checkResponsesAgainst, startTestForum, type TestClient, type TestForum } from 'forum-server/testing';
import type { PendingAuthenticator } from '@second-factor/core';
import { nowSeconds, totpAt } from './rfc6238.js';

// Real argon2, real databases: a slow machine may need more than QUnit's default patience.
QUnit.config.testTimeout = 120_000;

export const pluginManifest = fileURLToPath(new URL('../../../../../plugin.json', import.meta.url));

// Every response a test sees must match docs/openapi.yaml: the document cannot drift from the server.
checkResponsesAgainst(fileURLToPath(new URL('../../../../../docs/openapi.yaml', import.meta.url)));

/** Starts the real forum with this plugin for a QUnit module. */
export function useForumWithPlugin(hooks: NestedHooks): () => TestForum {
  let forum: TestForum | null = null;
  hooks.before(async () => {
    forum = await startTestForum({ pluginManifests: [pluginManifest] });
  });
  hooks.after(async () => {
    await forum?.stop();
  });
  return () => {
    if (!forum) throw new Error('forum not started');
    return forum;
  };
}

let counter = 0;

export function newMember(prefix = 'm') {
  counter += 1;
  const username = `${prefix}${counter}_${process.pid % 10000}`.slice(0, 20);
  return { username, email: `${username}@example.test`, password: `correct horse ${username}` };
}

export interface EnrolledMember {
  client: TestClient;
  member: ReturnType<typeof newMember>;
  secret: string;
  authenticatorId: number;
  enableResponse: Record<string, unknown>;
}

/** A member who signed up and enabled an authenticator, logged in on `client` (at the forum's time, when it has a clock). */
export async function memberWithAuthenticator(
  forum: { client(): TestClient; clock?: { now(): Date } },
  prefix = 'm',
): Promise<EnrolledMember> {
  const client = forum.client();
  const member = newMember(prefix);
  const signup = await client.signUp(member);
  if (signup.status !== 201) throw new Error(`sign-up failed: ${signup.text}`);
  const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', { name: 'Phone' });
  if (pending.status !== 201) throw new Error(`enrol failed: ${pending.text}`);
  const enabled = await client.post(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
    token: totpAt(pending.body.secret, forum.clock ? Math.floor(forum.clock.now().getTime() / 1000) : nowSeconds()),
  });
  if (enabled.status !== 200) throw new Error(`enable failed: ${enabled.text}`);
  return {
    client,
    member,
    secret: pending.body.secret,
    authenticatorId: pending.body.id,
    enableResponse: enabled.body,
  };
}

export function errorCode(response: { body: unknown }): string | undefined {
  return (response.body as { error?: { code?: string } }).error?.code;
}

/** A new admin, logged in on a fresh client. */
export async function loggedInAdmin(forum: TestForum, prefix = 'admin'): Promise<TestClient> {
  const credentials = newMember(prefix);
  await forum.forum.createUser({ ...credentials, admin: true });
  const admin = forum.client();
  await admin.logIn(credentials.username, credentials.password);
  return admin;
}
