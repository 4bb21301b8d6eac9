import { SecondFactorEvent, SecondFactorMethod, type SecondFactorEventName, type SecondFactorMethodName } from '@second-factor/core';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import { recordEvent } from '../events/record-event.js';
import type { PluginApi, PluginRequest, SecondFactorSettings } from '../plugin-types.js';
import type { RefusalWith } from '../routes/refusals.js';
import { normalizeTotpToken } from '../totp/totp-algorithm.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import type { SecondFactorAttempts } from './second-factor-attempts.js';

type Purpose = 'login' | 'confirm';

/** How checking a member's second factor ended. */
export type Verification = { ok: true } | RefusalWith<'malformed' | 'wrong' | 'already_used' | 'locked_out' | 'method_not_available'>;

/**
 * Checks a member's second factor, wherever one is asked (the host's login and "confirm it's
 * you" through the provider, the plugin's own "create new backup codes"): every check is rate
 * limited and written to the audit log, and its outcome is a result.
 */
export class SecondFactorVerifier {
  constructor(
    private readonly api: PluginApi,
    private readonly totp: TotpAuthenticators,
    private readonly backupCodes: BackupCodes,
    private readonly attempts: SecondFactorAttempts,
  ) {}

  /** The methods the member can use now, or [] without an authenticator. */
  async methodsFor(settings: SecondFactorSettings, userId: number): Promise<SecondFactorMethodName[]> {
    if ((await this.totp.enabledFor(userId)).length === 0) return [];
    const methods: SecondFactorMethodName[] = [SecondFactorMethod.totp];
    if (this.backupCodes.featureEnabled(settings) && (await this.backupCodes.remaining(userId)) > 0) methods.push(SecondFactorMethod.backupCode);
    return methods;
  }

  verify(request: PluginRequest, userId: number, method: string, token: string, purpose: Purpose): Promise<Verification> {
    if (method === SecondFactorMethod.totp) return this.verifyTotp(request, userId, token, purpose);
    if (method === SecondFactorMethod.backupCode && this.backupCodes.featureEnabled(request.settings)) return this.verifyBackupCode(request, userId, token, purpose);
    return Promise.resolve({ ok: false, reason: 'method_not_available' });
  }

  private async verifyTotp(request: PluginRequest, userId: number, token: string, purpose: Purpose): Promise<Verification> {
    const method = SecondFactorMethod.totp;
    const code = normalizeTotpToken(token);
    if (!code) return { ok: false, reason: 'malformed', method };
    const result = await this.attempts.check(request, userId, () => this.totp.verify(userId, code), (r) => (r.ok ? 'right' : 'wrong'));
    if (result.ok) {
      await this.record(request, userId, SecondFactorEvent.totpVerified, { purpose, authenticatorId: result.authenticatorId });
      return { ok: true };
    }
    if (result.reason === 'locked_out') return result;
    await this.record(request, userId, result.reason === 'already_used' ? SecondFactorEvent.totpReused : SecondFactorEvent.totpFailed, { purpose });
    return { ok: false, reason: result.reason, method };
  }

  private async verifyBackupCode(request: PluginRequest, userId: number, token: string, purpose: Purpose): Promise<Verification> {
    const method = SecondFactorMethod.backupCode;
    const result = await this.attempts.check(request, userId, () => this.backupCodes.check(userId, token), (r) => (r.ok ? 'right' : r.reason === 'malformed' ? 'not_counted' : 'wrong'));
    if (result.ok) {
      await this.record(request, userId, SecondFactorEvent.backupCodeUsed, { purpose, position: result.position, remaining: result.remaining });
      const threshold = request.settings.backup_codes_low_threshold;
      if (result.remaining <= threshold && result.remaining + 1 > threshold) {
        await this.record(request, userId, SecondFactorEvent.backupCodesLow, { remaining: result.remaining });
      }
      return { ok: true };
    }
    if (result.reason === 'locked_out') return result;
    if (result.reason === 'malformed') return { ok: false, reason: 'malformed', method };
    await this.record(request, userId, SecondFactorEvent.backupCodeFailed, { purpose, reason: result.reason });
    return result.reason === 'already_used' ? { ok: false, reason: 'already_used', method, usedAt: result.usedAt } : { ok: false, reason: 'wrong', method };
  }

  private record(request: PluginRequest, userId: number, event: SecondFactorEventName, details: Record<string, string | number>): Promise<void> {
    return recordEvent(this.api, this.api.db, { userId, event, from: request, details });
  }
}
