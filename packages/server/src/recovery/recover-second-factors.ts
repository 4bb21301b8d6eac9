import type { Knex } from 'knex';
import { METHOD_COLUMN, SecondFactorEvent, type RecoveredSecondFactors } from '@second-factor/core';
import type { BackupCodes, DrawnBatch } from '../backup-codes/backup-codes.js';
import { removeBackupCodesWithLastSecondFactor } from '../backup-codes/last-second-factor.js';
import { recordEvent } from '../events/record-event.js';
import type { ChangeSource, PluginApi } from '../plugin-types.js';
import type { RefusalWith } from '../routes/refusals.js';

export interface RecoveryInput {
  userId: number;
  /** The session that asks: it stays; every other one of the member ends. */
  sessionId: string;
  authenticatorIds: readonly number[];
  securityKeyIds: readonly number[];
}

export type RecoveryOutcome =
  { ok: true; recovered: RecoveredSecondFactors } | RefusalWith<'authenticator_not_found' | 'key_not_found'>;

/** A refusal found inside the transaction: thrown to roll it back, caught just outside. */
class RolledBack extends Error {
  constructor(readonly refusal: RefusalWith<'authenticator_not_found' | 'key_not_found'>) {
    super(refusal.reason);
  }
}

/**
 * "Lost your phone?" in one transaction: the chosen apps and keys go, every trusted browser and
 * every other session of the member ends, a half-finished login someone else began is revoked,
 * and — while a second factor remains — a new sheet replaces the backup codes. Without one, the
 * codes go with the last factor (the one rule of last-second-factor.ts) and the member sets one
 * up again. One event, one mail. An id that is not the member's (or a fault anywhere) rolls it
 * all back: nothing is half done, which is what a member in a hurry needs to be able to trust.
 */
export async function recoverSecondFactors(
  api: PluginApi,
  backupCodes: BackupCodes,
  from: ChangeSource,
  input: RecoveryInput,
): Promise<RecoveryOutcome> {
  // Hashing outside the transaction (PGlite has one connection); unused if no factor remains.
  const drawn = await backupCodes.drawBatch(from, input.userId);
  try {
    return await api.db.transaction((trx) => recoverIn(trx, api, backupCodes, from, input, drawn));
  } catch (error) {
    if (error instanceof RolledBack) return error.refusal;
    throw error;
  }
}

async function recoverIn(
  trx: Knex,
  api: PluginApi,
  backupCodes: BackupCodes,
  from: ChangeSource,
  input: RecoveryInput,
  drawn: DrawnBatch,
): Promise<RecoveryOutcome> {
  const { userId } = input;
  // One recovery (or new batch) per member at a time: a racing one waits here, then finds the
  // factors gone and changes nothing.
  await trx('user_second_factors').where({ user_id: userId }).forUpdate().select('id');
  const authenticatorsRemoved = await removeEach(trx, userId, METHOD_COLUMN.totp, input.authenticatorIds, {
    ok: false,
    reason: 'authenticator_not_found',
  });
  const securityKeysRemoved = await removeEach(trx, userId, METHOD_COLUMN.webauthn, input.securityKeyIds, {
    ok: false,
    reason: 'key_not_found',
  });
  const needsSecondFactor = await removeBackupCodesWithLastSecondFactor(api, trx, userId, from);
  const codes = needsSecondFactor ? null : await backupCodes.writeBatch(trx, from, userId, drawn);
  // Whoever holds the phone may have passed the password step: that login must not finish.
  await api.revokeLoginChallenges(userId, trx);
  const trustedBrowsersEnded = await api.endTrustedDevices(userId, trx);
  const sessionsEnded = await api.endSessions(userId, { exceptSessionId: input.sessionId }, trx);
  await recordEvent(api, trx, {
    userId,
    event: SecondFactorEvent.secondFactorsRecovered,
    from,
    details: {
      authenticatorsRemoved,
      securityKeysRemoved,
      sessionsEnded,
      trustedBrowsersEnded,
      backupCodesCreated: codes?.length ?? 0,
      lastOne: needsSecondFactor,
    },
  });
  return {
    ok: true,
    recovered: {
      backupCodes: codes,
      needsSecondFactor,
      authenticatorsRemoved,
      securityKeysRemoved,
      sessionsEnded,
      trustedBrowsersEnded,
    },
  };
}

/** Deletes each chosen enabled factor of the member; one that is not theirs rolls everything back. */
async function removeEach(
  trx: Knex,
  userId: number,
  method: number,
  ids: readonly number[],
  notFound: RefusalWith<'authenticator_not_found' | 'key_not_found'>,
): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return 0;
  // returning(): a plain delete count is a number on pg but an object on PGlite.
  const removed: { id: number }[] = await trx('user_second_factors')
    .where({ user_id: userId, method, enabled: true })
    .whereIn('id', unique)
    .delete()
    .returning('id');
  if (removed.length !== unique.length) throw new RolledBack(notFound);
  return removed.length;
}
