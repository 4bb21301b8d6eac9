import type { Knex } from 'knex';
import type { Clock } from 'forum-plugin-api/server';

/** Registration, the login's second step, "confirm it's you", passkey login. */
export type ChallengePurpose = 'register' | 'login' | 'confirm' | 'passkey';

/** How long a browser has to answer the options: the prompt's own timeout plus a little. */
export const CHALLENGE_LIFETIME_MS = 3 * 60 * 1000;
/** What the options tell the browser (ms): it gives up before the server does. */
export const PROMPT_TIMEOUT_MS = 2 * 60 * 1000;

export interface IssuedChallenge {
  purpose: ChallengePurpose;
  /** The session's id, the login challenge's digest or the visitor's session digest. */
  binding: string;
  userId: number | null;
  challenge: string;
  userHandle?: string;
}

export interface TakenChallenge {
  challenge: string;
  userId: number | null;
  userHandle: string | null;
}

/**
 * The challenges handed to browsers, single-use and short-lived. A new one for the same purpose
 * and binding replaces the old (only the latest prompt can be answered); taking one deletes it,
 * so an answer (a replayed one included) is checked at most once against it.
 */
export class WebAuthnChallenges {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  async issue(input: IssuedChallenge): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (trx) => {
      await trx('webauthn_challenges').where('expires_at', '<', now).delete(); // sweep the stale ones
      await trx('webauthn_challenges').where({ purpose: input.purpose, binding: input.binding }).delete();
      await trx('webauthn_challenges').insert({
        purpose: input.purpose,
        binding: input.binding,
        user_id: input.userId,
        challenge: input.challenge,
        user_handle: input.userHandle ?? null,
        expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
      });
    });
  }

  /** The live challenge for this purpose and binding (and member, when one is named), used up by the taking. */
  async take(purpose: ChallengePurpose, binding: string, userId: number | null): Promise<TakenChallenge | null> {
    const rows: { challenge: string; user_id: number | null; user_handle: string | null; expires_at: Date }[] =
      await this.db('webauthn_challenges')
        .where({ purpose, binding })
        .delete()
        .returning(['challenge', 'user_id', 'user_handle', 'expires_at']);
    const row = rows[0];
    if (!row || row.expires_at <= this.clock.now() || row.user_id !== userId) return null;
    return { challenge: row.challenge, userId: row.user_id, userHandle: row.user_handle };
  }
}
