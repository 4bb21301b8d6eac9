import type { Knex } from 'knex';
import { METHOD_COLUMN, SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import type { ChangeSource, PluginApi } from '../plugin-types.js';

export interface ResetInput {
  userId: number;
  /** The admin who reset, or null for the operator's CLI. */
  actorId: number | null;
  /** The request (or the CLI) it came from. */
  from: ChangeSource;
  /** The session the admin resets from: kept when they reset their own. */
  sessionId: string | null;
  via: 'admin' | 'cli';
}

export interface ResetOutcome {
  /** Authenticators and backup codes removed. */
  removed: number;
  /** The member's sessions that were ended. */
  sessionsEnded: number;
}

/**
 * Removes every authenticator and backup code of a member in one transaction, for a member
 * locked out of their account. The event names who did it (an admin, or the CLI) for whom.
 * Then every session of the member ends: whoever holds one (perhaps the reason for the reset)
 * must log in again, now with the password alone. An admin resetting their own keeps the one
 * they are using.
 */
export async function resetSecondFactors(api: PluginApi, db: Knex, input: ResetInput): Promise<ResetOutcome> {
  const removed = await removeEverySecondFactor(api, db, input);
  const current = input.actorId === input.userId ? input.sessionId : null;
  // After the commit: the host's sessions are not part of the plugin's transaction.
  const sessionsEnded = await api.endSessions(input.userId, current === null ? {} : { exceptSessionId: current });
  return { removed, sessionsEnded };
}

function removeEverySecondFactor(api: PluginApi, db: Knex, input: ResetInput): Promise<number> {
  return db.transaction(async (trx) => {
    const removed: { method: number }[] = await trx('user_second_factors')
      .where({ user_id: input.userId })
      .delete()
      .returning('method');
    // A password step passed before the reset must not finish under the old factors.
    await api.revokeLoginChallenges(input.userId, trx);
    // And no browser the member trusted skips the second step they set up again.
    const trustedBrowsersEnded = await api.endTrustedDevices(input.userId, trx);
    await recordEvent(api, trx, {
      userId: input.userId,
      actorId: input.actorId,
      event: SecondFactorEvent.secondFactorsReset,
      from: input.from,
      details: {
        via: input.via,
        authenticators: removed.filter((r) => r.method === METHOD_COLUMN.totp).length,
        backupCodes: removed.filter((r) => r.method === METHOD_COLUMN.backup_code).length,
        securityKeys: removed.filter((r) => r.method === METHOD_COLUMN.webauthn).length,
        trustedBrowsersEnded,
      },
    });
    return removed.length;
  });
}
