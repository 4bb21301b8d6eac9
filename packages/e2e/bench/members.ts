import type { TestClient } from 'forum-server/testing';
import { enrolMember, totpAt } from '../src/forum-client.js';
import type { ForumHandle } from './forum-handle.js';

export interface Member {
  username: string;
  password: string;
  secret: string;
  backupCodes: string[];
  /** The 30-second step of the authenticator code used to enable it (at the latest). */
  enabledInStep: number;
}

const stepNow = () => Math.floor(Date.now() / 30_000);

/** Members enrolled `parallel` at a time (each enrolment is argon2-bound on the server). */
export async function enrolMembers(forum: ForumHandle, count: number, prefix: string, parallel = 4): Promise<Member[]> {
  const members: Member[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next += 1;
        const member = await enrolMember(forum.client(), prefix);
        members.push({ ...member, enabledInStep: stepNow() });
      }
    }),
  );
  return members;
}

/** The password step; throws unless the server asks for the second step. */
export async function passwordStep(client: TestClient, member: Member): Promise<string> {
  const response = await client.logIn(member.username, member.password);
  const challenge = (response.body as { challenge?: string }).challenge;
  if (response.status !== 200 || !challenge) throw new Error(`password step: ${response.status} ${response.text}`);
  return challenge;
}

export function secondStep(client: TestClient, challenge: string, method: 'backup_code' | 'totp', token: string) {
  return client.post('/api/session/second-factor', { challenge, method, token });
}

/** Backup codes to burn, one per full login, taken round-robin across members. */
export class CodePool {
  private readonly queue: { member: Member; code: string }[] = [];

  constructor(members: Member[]) {
    const longest = Math.max(0, ...members.map((m) => m.backupCodes.length));
    for (let i = 0; i < longest; i++) {
      for (const member of members) {
        const code = member.backupCodes[i];
        if (code) this.queue.push({ member, code });
      }
    }
  }

  get size(): number {
    return this.queue.length;
  }

  take(): { member: Member; code: string } {
    const next = this.queue.shift();
    if (!next) throw new Error('the bench ran out of backup codes: enrol more members');
    return next;
  }
}

/**
 * Authenticator codes to use, one per member per 30-second step (the server refuses a code used
 * again), so a long run needs about (logins per second × 30) members.
 */
export class TotpPool {
  private readonly lastStep = new Map<Member, number>();
  private cursor = 0;

  constructor(private readonly members: Member[]) {
    // The code that enabled the authenticator counts as used in its step.
    for (const member of members) this.lastStep.set(member, member.enabledInStep);
  }

  async take(): Promise<{ member: Member; code: string }> {
    for (;;) {
      const now = Math.floor(Date.now() / 1000);
      const step = Math.floor(now / 30);
      for (let tried = 0; tried < this.members.length; tried++) {
        const member = this.members[this.cursor]!;
        this.cursor = (this.cursor + 1) % this.members.length;
        if (this.lastStep.get(member) === step) continue;
        this.lastStep.set(member, step);
        return { member, code: totpAt(member.secret, now) };
      }
      // Every member has logged in during this step: wait for the next one.
      await new Promise((resolve) => setTimeout(resolve, (30 - (now % 30)) * 1000 + 50));
    }
  }
}
