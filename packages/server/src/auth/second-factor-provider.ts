import type { CurrentUser, ForumContext, SecondFactorProvider, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode, SecondFactorEvent, SecondFactorMethod } from '@second-factor/core';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import { recordEvent } from '../events/record-event.js';
import { normalizeTotpToken } from '../totp/totp-algorithm.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import type { SecondFactorAttempts } from './second-factor-attempts.js';

type Purpose = 'login' | 'confirm';

/**
 * What the host's login and "confirm it's you" ask of this plugin: which methods a member has,
 * and whether a token is right. Every decision is rate limited and written to the audit log.
 */
export function secondFactorProvider(api: ServerPluginApi, totp: TotpAuthenticators, backupCodes: BackupCodes, attempts: SecondFactorAttempts): SecondFactorProvider {
  async function verifyTotp(ctx: ForumContext, user: CurrentUser, token: string, purpose: Purpose): Promise<void> {
    const code = normalizeTotpToken(token);
    if (!code) throw api.httpError(400, SecondFactorErrorCode.invalidTokenFormat, 'Enter the 6-digit code from your authenticator app.');
    const result = await attempts.check(ctx, user.id, () => totp.verify(user.id, code), (r) => (r.ok ? 'right' : 'wrong'));
    if (result.ok) {
      await recordEvent(api, api.db, { userId: user.id, event: SecondFactorEvent.totpVerified, ctx, details: { purpose, authenticatorId: result.authenticatorId } });
      return;
    }
    await recordEvent(api, api.db, { userId: user.id, event: result.reused ? SecondFactorEvent.totpReused : SecondFactorEvent.totpFailed, ctx, details: { purpose } });
    if (result.reused) throw api.httpError(401, SecondFactorErrorCode.codeAlreadyUsed, 'That code was already used. Wait for the next code in your app.');
    throw api.httpError(401, SecondFactorErrorCode.invalidSecondFactor, 'That code is not right. Enter the current code from your authenticator app.');
  }

  async function verifyBackupCode(ctx: ForumContext, user: CurrentUser, token: string, purpose: Purpose): Promise<void> {
    const result = await attempts.check(ctx, user.id, () => backupCodes.check(user.id, token), (r) => (r.ok ? 'right' : r.reason === 'malformed' ? 'not_counted' : 'wrong'));
    if (result.ok) {
      await recordEvent(api, api.db, { userId: user.id, event: SecondFactorEvent.backupCodeUsed, ctx, details: { purpose, position: result.position, remaining: result.remaining } });
      const threshold = Number(await api.siteSettings.get('backup_codes_low_threshold'));
      if (result.remaining <= threshold && result.remaining + 1 > threshold) {
        await recordEvent(api, api.db, { userId: user.id, event: SecondFactorEvent.backupCodesLow, ctx, details: { remaining: result.remaining } });
      }
      return;
    }
    if (result.reason === 'malformed') {
      throw api.httpError(400, SecondFactorErrorCode.invalidTokenFormat, 'Backup codes have 12 or more letters and digits, like ABCD-EFGH-JKMN.');
    }
    await recordEvent(api, api.db, { userId: user.id, event: SecondFactorEvent.backupCodeFailed, ctx, details: { purpose, reason: result.reason } });
    if (result.reason === 'already_used') {
      throw api.httpError(401, SecondFactorErrorCode.codeAlreadyUsed, `That backup code was already used (${result.usedAt.toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' })}). Try another one.`);
    }
    throw api.httpError(401, SecondFactorErrorCode.invalidSecondFactor, 'That backup code is not right. Check it against your saved codes.');
  }

  return {
    async methodsFor(user: CurrentUser) {
      if ((await totp.enabledFor(user.id)).length === 0) return [];
      const methods: string[] = [SecondFactorMethod.totp];
      if ((await backupCodes.featureEnabled()) && (await backupCodes.remaining(user.id)) > 0) methods.push(SecondFactorMethod.backupCode);
      return methods;
    },

    async verify(ctx, user, method, token, purpose) {
      if (method === SecondFactorMethod.totp) return verifyTotp(ctx, user, token, purpose);
      if (method === SecondFactorMethod.backupCode && (await backupCodes.featureEnabled())) return verifyBackupCode(ctx, user, token, purpose);
      throw api.httpError(400, SecondFactorErrorCode.methodNotAvailable, 'That second-factor method is not available.');
    },
  };
}
