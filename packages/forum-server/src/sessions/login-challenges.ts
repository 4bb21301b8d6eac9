import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { withWrites, type DeferredWrite } from './deferred-writes.js';
import { User } from '../models/user.js';
import { sessionIdFor } from './session-tokens.js';

/** How long a member has to enter their second factor after the password. */
export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Wrong second-factor tokens allowed on one challenge before the password is asked again. */
export const CHALLENGE_MAX_FAILURES = 5;

export interface ClaimedChallenge {
  id: string;
  userId: number;
  /** The member's known-device row for the claiming browser's device cookie, or null: read by the claim itself. */
  deviceId: number | null;
  sessionBinding: string;
  failedAttempts: number;
  expiresAt: Date;
  /** Where and when the password was entered: kept for the member's "someone knows your password" notice. */
  ip: string | null;
  userAgent: string | null;
  issuedAt: Date;
}

/** The browser that entered the password. */
export interface LoginClient {
  ip: string | null;
  userAgent: string | null;
}

/** A challenge's row as it is written, again after each claim (`created_at` from the forum's clock). */
function challengeRow(claimed: ClaimedChallenge, failedAttempts: number) {
  return {
    id: claimed.id,
    user_id: claimed.userId,
    session_binding: claimed.sessionBinding,
    failed_attempts: failedAttempts,
    expires_at: claimed.expiresAt,
    ip: claimed.ip,
    user_agent: claimed.userAgent,
    created_at: claimed.issuedAt,
  };
}

/**
 * Issues the challenge that carries a login from the password step to the second-factor step.
 * It is bound to the member and to the browser session that entered the password, and only
 * its digest is stored. Ended challenges are not deleted here: the sweep
 * (`abandoned-logins.ts`) hands each to the plugin first.
 */
export async function issueLoginChallenge(
  db: Knex,
  now: Date,
  userId: number,
  sessionToken: string,
  client: LoginClient = { ip: null, userAgent: null },
  /** Writes of the password step (its attempt's refund), run inside the challenge's insert. */
  alongside: readonly DeferredWrite[] = [],
): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  await withWrites(db.queryBuilder(), alongside)
    .into('login_challenges')
    .insert({
      id: sessionIdFor(challenge),
      user_id: userId,
      session_binding: sessionIdFor(sessionToken),
      expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
      ip: client.ip,
      user_agent: client.userAgent,
      created_at: now,
    });
  return challenge;
}

/**
 * Takes a live challenge out of the table while its token is checked. Exactly one request can
 * hold it, so one challenge is never guessed at in parallel and never yields two sessions. Its
 * member comes with it, read by the same statement (null when the account is gone), and so does
 * the member's known-device row for `deviceTokenHash` (the browser's device cookie, digested),
 * which the attempt limiter would otherwise look up in a statement of its own.
 */
export async function claimLoginChallenge(
  db: Knex,
  now: Date,
  challenge: string,
  sessionToken: string,
  deviceTokenHash: string | null = null,
): Promise<(ClaimedChallenge & { member: User | null }) | null> {
  const claimed = db('login_challenges')
    .where({ id: sessionIdFor(challenge), session_binding: sessionIdFor(sessionToken) })
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', CHALLENGE_MAX_FAILURES) // ended by wrong tokens, kept for the sweep
    .delete()
    .returning(['id', 'user_id', 'session_binding', 'failed_attempts', 'expires_at', 'ip', 'user_agent', 'created_at']);
  const rows: ({
    id: string;
    user_id: number;
    session_binding: string;
    failed_attempts: number;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
    created_at: Date;
    device_id: number | string | null;
  } & MemberColumns)[] = await db
    .with('claimed', claimed)
    .from('claimed')
    .leftJoin('users', 'users.id', 'claimed.user_id')
    .select(
      'claimed.*',
      ...memberColumns,
      deviceTokenHash === null
        ? db.raw('null as device_id')
        : db('known_devices')
            .where('known_devices.token_hash', deviceTokenHash)
            .whereRaw('known_devices.user_id = claimed.user_id')
            .select('known_devices.id')
            .limit(1)
            .as('device_id'),
    );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    userId: row.user_id,
    deviceId: row.device_id === null ? null : Number(row.device_id),
    sessionBinding: row.session_binding,
    failedAttempts: row.failed_attempts,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
    issuedAt: row.created_at,
    member: memberOf(row),
  };
}

/** The member's columns beside the claimed challenge's, under names of their own. */
const memberColumns = [
  'users.id as member_id',
  'users.username as member_username',
  'users.username_lower as member_username_lower',
  'users.email as member_email',
  'users.password_hash as member_password_hash',
  'users.admin as member_admin',
  'users.created_at as member_created_at',
  'users.updated_at as member_updated_at',
];

interface MemberColumns {
  member_id: number | null;
  member_username: string;
  member_username_lower: string;
  member_email: string;
  member_password_hash: string;
  member_admin: boolean;
  member_created_at: Date;
  member_updated_at: Date;
}

function memberOf(row: MemberColumns): User | null {
  if (row.member_id === null) return null;
  return User.fromDatabaseJson({
    id: row.member_id,
    username: row.member_username,
    username_lower: row.member_username_lower,
    email: row.member_email,
    password_hash: row.member_password_hash,
    admin: row.member_admin,
    created_at: row.member_created_at,
    updated_at: row.member_updated_at,
  });
}

/**
 * A live challenge of this browser, read without claiming it: for handing over what a method
 * needs before the member can answer (a security key's options). `id` is the challenge's digest,
 * which such options are bound to.
 */
export async function findLoginChallenge(
  db: Knex,
  now: Date,
  challenge: string,
  sessionToken: string,
): Promise<{ id: string; userId: number } | null> {
  const row: { id: string; user_id: number } | undefined = await db('login_challenges')
    .where({ id: sessionIdFor(challenge), session_binding: sessionIdFor(sessionToken) })
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', CHALLENGE_MAX_FAILURES)
    .first('id', 'user_id');
  return row ? { id: row.id, userId: row.user_id } : null;
}

/**
 * Puts a claimed challenge back after a wrong token; returns the tries left (0: it is dead). A
 * dead one stays, unclaimable, until it would have expired: then the sweep reports it as ended
 * in wrong codes, unless a login from the same browser settled it first.
 */
export async function releaseAfterFailure(
  db: Knex,
  claimed: ClaimedChallenge,
  alongside: readonly DeferredWrite[] = [],
): Promise<number> {
  const failures = Math.min(claimed.failedAttempts + 1, CHALLENGE_MAX_FAILURES);
  await withWrites(db.queryBuilder(), alongside).into('login_challenges').insert(challengeRow(claimed, failures));
  return CHALLENGE_MAX_FAILURES - failures;
}

/** How a check that did not log the member in ended (a login's end is `endedByLogin`). */
export interface ChallengeRefusal {
  ok: false;
  reason: string;
}

/**
 * Settles a claimed challenge whose check refused: a checked and wrong token (`wrong`) puts it
 * back with one try fewer; a challenge that no longer holds (`challenge_invalid`) stays gone; any
 * other refusal (a lockout, a wrong method, a malformed token: nothing was checked) puts it back
 * as it was, so the member can try again. The step's deferred writes (the check's audit row) go
 * inside the statement that puts it back; `alongside` is asked for them only when one runs.
 * Resolves with the tries left after a wrong token (0: the password must be entered again), else
 * null.
 */
export async function settleChallenge(
  db: Knex,
  claimed: ClaimedChallenge,
  outcome: ChallengeRefusal,
  alongside: () => readonly DeferredWrite[] = () => [],
): Promise<number | null> {
  if (outcome.reason === 'challenge_invalid') return null;
  if (outcome.reason === 'wrong') return releaseAfterFailure(db, claimed, alongside());
  await releaseUnchanged(db, claimed, alongside());
  return null;
}

/**
 * A completed login consumes its challenge (already claimed) and the browser's other
 * half-finished logins to the account: they were the member's too, not someone who knows the
 * password. A delete not yet run, which the session's start runs inside its own statement.
 */
export function endedByLogin(db: Knex, claimed: ClaimedChallenge): Knex.QueryBuilder {
  return db('login_challenges').where({ user_id: claimed.userId, session_binding: claimed.sessionBinding }).delete();
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
export async function releaseUnchanged(
  db: Knex,
  claimed: ClaimedChallenge,
  alongside: readonly DeferredWrite[] = [],
): Promise<void> {
  await withWrites(db.queryBuilder(), alongside)
    .into('login_challenges')
    .insert(challengeRow(claimed, claimed.failedAttempts));
}
