import type { Knex } from 'knex';
import type { Clock } from 'forum-plugin-api/server';
import { newSessionToken, sessionIdFor } from './session-tokens.js';

/** Long enough to finish the action "confirm it's you" was asked for, short enough to be useless later. */
export const GRANT_LIFETIME_MS = 2 * 60 * 1000;

/**
 * After "confirm it's you" verified a second factor, the session gets a grant: proof, for one
 * action within two minutes, that a second factor was just entered. Without it, an action that
 * asks for a current code ("create new backup codes") would ask for the code the member has just
 * typed, which the server must refuse as reused. Only its digest is stored, on the session row,
 * so it works only with the cookie of the session that confirmed; a new grant replaces the old.
 */
export async function issueSecondFactorGrant(db: Knex, clock: Clock, sessionId: string): Promise<string> {
  const grant = newSessionToken();
  await db('sessions')
    .where({ id: sessionId })
    .update({
      second_factor_grant: sessionIdFor(grant),
      second_factor_grant_expires_at: new Date(clock.now().getTime() + GRANT_LIFETIME_MS),
    });
  return grant;
}

/** True once for a live grant of this session; it is gone afterwards, whatever the answer. */
export async function consumeSecondFactorGrant(
  db: Knex,
  clock: Clock,
  sessionId: string | null,
  grant: string,
): Promise<boolean> {
  if (sessionId === null) return false;
  const taken: unknown[] = await db('sessions')
    .where({ id: sessionId, second_factor_grant: sessionIdFor(grant) })
    .where('second_factor_grant_expires_at', '>', clock.now())
    .update({ second_factor_grant: null, second_factor_grant_expires_at: null })
    .returning('id');
  return taken.length === 1;
}
