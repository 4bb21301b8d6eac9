import { writeSiteSettings, type TestClient, type TestForum } from 'forum-server/testing';
import type { EnrolledMember } from './forum.js';

/** Logs in on a fresh client with a backup code; returns the second step's response. */
export async function logInWithBackupCode(
  forum: TestForum,
  enrolled: EnrolledMember,
  code: string,
  client: TestClient = forum.client(),
) {
  const step1 = await client.logIn(enrolled.member.username, enrolled.member.password);
  const challenge = (step1.body as { challenge?: string }).challenge;
  if (!challenge) throw new Error(`no challenge: ${step1.text}`);
  const step2 = await client.post('/api/session/second-factor', { challenge, method: 'backup_code', token: code });
  return { client, step1: step1.body as { methods?: string[] }, response: step2 };
}

export async function userIdOf(forum: TestForum, username: string): Promise<number> {
  const row = await forum.forum.services.db('users').where({ username }).first('id');
  return row.id as number;
}

/** Sets site settings as the admin API would (validated), without an admin session. */
export function setSettings(forum: TestForum, settings: Record<string, unknown>): Promise<void> {
  return writeSiteSettings(forum.forum, settings);
}
