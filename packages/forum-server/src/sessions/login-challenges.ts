import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { sessionIdFor } from './session-tokens.js';

/** How long a member has to enter their second factor after the password. */
export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Wrong second-factor tokens allowed on one challenge before the password is asked again. */
export const CHALLENGE_MAX_FAILURES = 5;

export interface ClaimedChallenge {
  id: string;
  userId: number;
  sessionBinding: string;
  failedAttempts: number;
  expiresAt: Date;
}

/**
 * Issues the challenge that carries a login from the password step to the second-factor step.
 * It is bound to the member and to the browser session that entered the password, and only
 * its digest is stored.
 */
export async function issueLoginChallenge(db: Knex, now: Date, userId: number, sessionToken: string): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  await db('login_challenges').where('expires_at', '<', now).delete(); // sweep the stale ones
  await db('login_challenges').insert({
    id: sessionIdFor(challenge),
    user_id: userId,
    session_binding: sessionIdFor(sessionToken),
    expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
  });
  return challenge;
}

/**
 * Takes a live challenge out of the table while its token is checked. Exactly one request can
 * hold it, so one challenge is never guessed at in parallel and never yields two sessions.
 */
export async function claimLoginChallenge(db: Knex, now: Date, challenge: string, sessionToken: string): Promise<ClaimedChallenge | null> {
  const rows: { id: string; user_id: number; session_binding: string; failed_attempts: number; expires_at: Date }[] = await db('login_challenges')
    .where({ id: sessionIdFor(challenge), session_binding: sessionIdFor(sessionToken) })
    .where('expires_at', '>', now)
    .delete()
    .returning(['id', 'user_id', 'session_binding', 'failed_attempts', 'expires_at']);
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, userId: row.user_id, sessionBinding: row.session_binding, failedAttempts: row.failed_attempts, expiresAt: row.expires_at };
}

/** Puts a claimed challenge back after a wrong token; returns the tries left (0: it stays gone). */
export async function releaseAfterFailure(db: Knex, claimed: ClaimedChallenge): Promise<number> {
  const failures = claimed.failedAttempts + 1;
  if (failures >= CHALLENGE_MAX_FAILURES) return 0;
  await db('login_challenges').insert({
    id: claimed.id,
    user_id: claimed.userId,
    session_binding: claimed.sessionBinding,
    failed_attempts: failures,
    expires_at: claimed.expiresAt,
  });
  return CHALLENGE_MAX_FAILURES - failures;
}

/** The challenge's ends: a login completed, or refused in a way that decides its fate. */
export type ChallengeOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Settles a claimed challenge by how its check ended: a completed login consumes it; a checked
 * and wrong token (`wrong`) puts it back with one try fewer; a challenge that no longer holds
 * (`challenge_invalid`) stays gone; any other refusal (a lockout, a wrong method, a malformed
 * token: nothing was checked) puts it back as it was, so the member can try again. Resolves with
 * the tries left after a wrong token (0: the password must be entered again), else null.
 */
export async function settleChallenge(db: Knex, claimed: ClaimedChallenge, outcome: ChallengeOutcome): Promise<number | null> {
  if (outcome.ok || outcome.reason === 'challenge_invalid') return null;
  if (outcome.reason === 'wrong') return releaseAfterFailure(db, claimed);
  await releaseUnchanged(db, claimed);
  return null;
}

/** Runs the check; if it fails with a fault (a lost database), the challenge goes back as it was. */
export async function restoredOnFault<T>(db: Knex, claimed: ClaimedChallenge, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    await releaseUnchanged(db, claimed).catch(() => undefined);
    throw error;
  }
}

/** Ends every half-finished login of a member (password changed, second factors reset). */
export async function revokeLoginChallengesOf(db: Knex, userId: number): Promise<number> {
  // `returning`: a bare delete is a number on pg but an object on PGlite.
  const revoked: { id: string }[] = await db('login_challenges').where({ user_id: userId }).delete().returning('id');
  return revoked.length;
}

/** Puts a claimed challenge back unchanged (the check could not be made, e.g. locked out). */
export async function releaseUnchanged(db: Knex, claimed: ClaimedChallenge): Promise<void> {
  await db('login_challenges').insert({
    id: claimed.id,
    user_id: claimed.userId,
    session_binding: claimed.sessionBinding,
    failed_attempts: claimed.failedAttempts,
    expires_at: claimed.expiresAt,
  });
}
