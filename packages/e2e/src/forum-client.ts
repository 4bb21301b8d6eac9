import { createHmac } from 'node:crypto';
import type { TestClient } from 'forum-server/testing';
import type { PendingAuthenticator } from '@second-factor/core';

/** TOTP (RFC 6238, SHA-1, 6 digits, 30 s) for a Base32 secret, as an outside client computes it. */
export function totpAt(secret: string, unixSeconds: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const key: number[] = [];
  for (const ch of secret.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 1_000_000).padStart(6, '0');
}

let counter = 0;

/** Signs up a member on `client` and enables an authenticator; returns the secret and first batch. */
export async function enrolMember(client: TestClient, prefix: string): Promise<{ username: string; password: string; secret: string; backupCodes: string[] }> {
  counter += 1;
  const username = `${prefix}${counter}_${process.pid % 1000}`.slice(0, 20);
  const password = `bench password ${username}`;
  await client.signUp({ username, email: `${username}@example.test`, password });
  const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {});
  const enabled = await client.post<{ backupCodes?: string[] }>(`/api/u/me/second-factors/totp/${pending.body.id}/enable`, {
    token: totpAt(pending.body.secret, Math.floor(Date.now() / 1000)),
  });
  return { username, password, secret: pending.body.secret, backupCodes: enabled.body.backupCodes ?? [] };
}
