import type { Knex } from 'knex';
import type { ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';

export interface ResetInput {
  userId: number;
  /** The admin who reset, or null for the operator's CLI. */
  actorId: number | null;
  ctx: ForumContext | null;
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
export async function resetSecondFactors(api: ServerPluginApi, db: Knex, input: ResetInput): Promise<ResetOutcome> {
  const removed = await removeEverySecondFactor(api, db, input);
  const current = input.actorId === input.userId ? (input.ctx?.state.session.id ?? undefined) : undefined;
  // After the commit: the host's sessions are not part of the plugin's transaction.
  const sessionsEnded = await api.endSessions(input.userId, current === undefined ? {} : { exceptSessionId: current });
  return { removed, sessionsEnded };
}

function removeEverySecondFactor(api: ServerPluginApi, db: Knex, input: ResetInput): Promise<number> {
  return db.transaction(async (trx) => {
    const removed = await trx('user_second_factors').where({ user_id: input.userId }).delete().returning('method');
    await trx('login_challenges').where({ user_id: input.userId }).delete();
    await recordEvent(api, trx, {
      userId: input.userId,
      actorId: input.actorId,
      event: SecondFactorEvent.secondFactorsReset,
      ctx: input.ctx,
      details: { via: input.via, authenticators: removed.filter((r: { method: number }) => r.method === 1).length, backupCodes: removed.filter((r: { method: number }) => r.method === 2).length },
    });
    return removed.length;
  });
}
