import type { Knex } from 'knex';
import { METHOD_COLUMN, SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import { UserSecondFactor } from '../models/user-second-factor.js';
import type { ChangeSource, PluginApi } from '../plugin-types.js';

/** The second factors a member holds themselves: an authenticator app or a security key (backup codes only recover one). */
export const OWN_SECOND_FACTORS = [METHOD_COLUMN.totp, METHOD_COLUMN.webauthn];

/** How many enabled second factors of their own the member has, read inside `trx`. */
export function ownSecondFactorCount(trx: Knex, userId: number): Promise<number> {
  return UserSecondFactor.query(trx)
    .where({ user_id: userId, enabled: true })
    .whereIn('method', OWN_SECOND_FACTORS)
    .resultSize();
}

/**
 * Called in the transaction that removed one of a member's second factors (an app or a key):
 * when none of either kind is left, the backup codes go too — they recover a second factor,
 * they are not one — and an event says so. One rule for both kinds, so an app removed while a
 * key remains keeps the codes, and the other way round. Answers whether that was the last one.
 */
export async function removeBackupCodesWithLastSecondFactor(
  api: PluginApi,
  trx: Knex,
  userId: number,
  from: ChangeSource,
): Promise<boolean> {
  if ((await ownSecondFactorCount(trx, userId)) > 0) return false;
  // returning(): a plain delete count is a number on pg but an object on PGlite.
  const codes: unknown[] = await trx('user_second_factors')
    .where({ user_id: userId, method: METHOD_COLUMN.backup_code })
    .delete()
    .returning('id');
  if (codes.length > 0)
    await recordEvent(api, trx, {
      userId,
      event: SecondFactorEvent.backupCodesRemoved,
      from,
      details: { reason: 'last_authenticator_removed' },
    });
  return true;
}
