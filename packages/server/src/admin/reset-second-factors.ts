import type { Knex } from 'knex';
import type { ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';

/**
 * Removes every authenticator and backup code of a member in one transaction, for a member
 * locked out of their account. The event names who did it (an admin, or the CLI) for whom.
 */
export async function resetSecondFactors(api: ServerPluginApi, db: Knex, input: { userId: number; actorId: number | null; ctx: ForumContext | null; via: 'admin' | 'cli' }): Promise<number> {
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
