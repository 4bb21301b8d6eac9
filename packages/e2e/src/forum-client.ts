import type { TestClient } from 'forum-server/testing';
import type { PendingAuthenticator } from '@second-factor/core';
import { totpAt } from '@second-factor/server/testing';

// The same independent RFC 6238 client the plugin's server tests use.
export { totpAt } from '@second-factor/server/testing';

let counter = 0;

/** Signs up a member on `client` and enables an authenticator; returns the secret and first batch. */
export async function enrolMember(
  client: TestClient,
  prefix: string,
): Promise<{ username: string; password: string; secret: string; backupCodes: string[] }> {
  counter += 1;
  const username = `${prefix}${counter}_${process.pid % 1000}`.slice(0, 20);
  const password = `bench password ${username}`;
  await client.signUp({ username, email: `${username}@example.test`, password });
  const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {});
  const enabled = await client.post<{ backupCodes?: string[] }>(
    `/api/u/me/second-factors/totp/${pending.body.id}/enable`,
    {
      token: totpAt(pending.body.secret, Math.floor(Date.now() / 1000)),
    },
  );
  return { username, password, secret: pending.body.secret, backupCodes: enabled.body.backupCodes ?? [] };
}
