import type { Knex } from 'knex';
import type { AbandonedSecondStep, JsonObject, SecondFactorToken } from 'forum-plugin-api/server';
import {
  METHOD_COLUMN,
  SecondFactorEvent,
  SecondFactorMethod,
  type SecondFactorEventName,
  type SecondFactorMethodName,
} from '@second-factor/core';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import { recordEvent } from '../events/record-event.js';
import { recordAbandonedSecondStep } from './abandoned-second-step.js';
import type { PluginApi, PluginRequest, SecondFactorSettings } from '../plugin-types.js';
import type { RefusalWith } from '../routes/refusals.js';
import { normalizeTotpToken } from '../totp/totp-algorithm.js';
import type { TotpAuthenticators, TotpCandidate } from '../totp/totp-authenticators.js';
import type { TotpData } from '../models/user-second-factor.js';
import type { SecurityKeys } from '../webauthn/security-keys.js';
import type { SecondFactorAttempts } from './second-factor-attempts.js';

type Purpose = 'login' | 'confirm';

/** How checking a member's second factor ended. */
export type Verification =
  | { ok: true }
  | RefusalWith<
      | 'malformed'
      | 'wrong'
      | 'already_used'
      | 'replaced'
      | 'locked_out'
      | 'method_not_available'
      | 'key_malformed'
      | 'key_not_verified'
      | 'key_cloned'
    >;

/** How a passkey login ended: the member it logged in, or why not. */
export type PasskeyVerification =
  | { ok: true; userId: number }
  | RefusalWith<'locked_out' | 'key_malformed' | 'key_not_verified' | 'key_cloned' | 'user_verification_required'>;

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
    private readonly keys: SecurityKeys,
  ) {}

  /** Per request (weakly held: gone with it), what `methodsFor` read of the member's authenticators. */
  private readonly authenticatorsRead = new WeakMap<PluginRequest, { userId: number; rows: TotpCandidate[] }>();

  /** Whether the member has a second factor of their own (an authenticator app or a security key): backup codes only recover one. */
  async hasSecondFactor(userId: number): Promise<boolean> {
    return (await this.totp.enabledFor(userId)).length > 0 || (await this.keys.of(userId)).length > 0;
  }

  /**
   * The methods the member can use now, or [] without an authenticator or a security key. One
   * query: the member's own factors, with the count of their unused backup codes beside them.
   * The authenticators it read are kept for a TOTP check later in the same request.
   */
  async methodsFor(request: PluginRequest, userId: number): Promise<SecondFactorMethodName[]> {
    const { settings } = request;
    const factors = await this.ownFactors(userId);
    this.authenticatorsRead.set(request, { userId, rows: factors.totp });
    const hasTotp = factors.totp.length > 0;
    const hasKey = factors.keys > 0;
    if (!hasTotp && !hasKey) return [];
    // In this order: a member whose only factor is a key is offered it first.
    const methods: SecondFactorMethodName[] = [];
    if (hasTotp) methods.push(SecondFactorMethod.totp);
    if (hasKey) methods.push(SecondFactorMethod.webauthn);
    if (this.backupCodes.featureEnabled(settings) && factors.backupCodes > 0)
      methods.push(SecondFactorMethod.backupCode);
    return methods;
  }

  /** The member's enabled authenticators and security keys, and how many backup codes still work. */
  private async ownFactors(userId: number): Promise<{ totp: TotpCandidate[]; keys: number; backupCodes: number }> {
    const db = this.api.db;
    const rows: { id: number; method: number; data: TotpData | null; backup_codes: number | string }[] = await db(
      'user_second_factors',
    )
      .where({ user_id: userId, enabled: true })
      .whereIn('method', [METHOD_COLUMN.totp, METHOD_COLUMN.webauthn])
      .orderBy('id')
      .select(
        'id',
        'method',
        db.raw('case when method = ? then data end as data', [METHOD_COLUMN.totp]),
        this.backupCodes.unusedCodes(db, userId).count('*').as('backup_codes'),
      );
    const totp = rows.flatMap((r) => (r.method === METHOD_COLUMN.totp && r.data ? [{ id: r.id, data: r.data }] : []));
    return {
      totp,
      keys: rows.filter((r) => r.method === METHOD_COLUMN.webauthn).length,
      backupCodes: Number(rows[0]?.backup_codes ?? 0),
    };
  }

  /** The authenticators `methodsFor` read for this request, handed once to its TOTP check. */
  private takeAuthenticatorsRead(request: PluginRequest, userId: number): TotpCandidate[] | undefined {
    const read = this.authenticatorsRead.get(request);
    this.authenticatorsRead.delete(request);
    return read?.userId === userId ? read.rows : undefined;
  }

  /** `binding`: what options handed over for a security key were bound to (the login challenge, the session). */
  verify(
    request: PluginRequest,
    userId: number,
    method: string,
    token: SecondFactorToken,
    purpose: Purpose,
    binding: string,
  ): Promise<Verification> {
    if (method === SecondFactorMethod.webauthn) {
      return typeof token === 'string'
        ? Promise.resolve({ ok: false, reason: 'key_malformed' })
        : this.verifyKey(request, userId, token, purpose, binding);
    }
    // Codes are typed: a structured answer for them is not shaped like one.
    if (typeof token !== 'string')
      return Promise.resolve({
        ok: false,
        reason: 'malformed',
        method: method === SecondFactorMethod.backupCode ? SecondFactorMethod.backupCode : SecondFactorMethod.totp,
      });
    if (method === SecondFactorMethod.totp) return this.verifyTotp(request, userId, token, purpose);
    if (method === SecondFactorMethod.backupCode && this.backupCodes.featureEnabled(request.settings))
      return this.verifyBackupCode(request, userId, token, purpose);
    return Promise.resolve({ ok: false, reason: 'method_not_available' });
  }

  /** A security key's signature over the challenge handed out for `binding`, within the same attempt limits as codes. */
  private async verifyKey(
    request: PluginRequest,
    userId: number,
    token: JsonObject,
    purpose: Purpose,
    binding: string,
  ): Promise<Verification> {
    const result = await this.attempts.check(
      request,
      userId,
      () => this.keys.check(request, token, purpose, binding, userId),
      (r) => (r.ok ? 'right' : r.reason === 'key_malformed' ? 'not_counted' : 'wrong'),
    );
    if (result.ok) {
      await this.record(request, userId, SecondFactorEvent.webauthnVerified, { purpose, keyId: result.keyId });
      return { ok: true };
    }
    if (result.reason === 'locked_out' || result.reason === 'key_malformed' || result.reason === 'key_cloned')
      return result;
    await this.record(request, userId, SecondFactorEvent.webauthnFailed, { purpose });
    return { ok: false, reason: 'key_not_verified' };
  }

  /**
   * Passkey login: the key names its member, and its answer must verify them (UV), which makes
   * it both factors. Counted against that member like a wrong code; an answer naming no key of
   * this forum tests no secret and is refused without counting.
   */
  async verifyPasskey(request: PluginRequest, token: JsonObject, binding: string): Promise<PasskeyVerification> {
    const named = await this.keys.keyNamedBy(token);
    const run = () => this.keys.check(request, token, 'passkey', binding, null);
    if (!named) {
      const result = await run();
      return result.ok || result.reason !== 'key_malformed' ? { ok: false, reason: 'key_not_verified' } : result;
    }
    const userId = named.user_id;
    const result = await this.attempts.check(request, userId, run, (r) =>
      r.ok
        ? 'right'
        : r.reason === 'key_malformed' || r.reason === 'user_verification_required'
          ? 'not_counted'
          : 'wrong',
    );
    if (result.ok) {
      await this.record(request, userId, SecondFactorEvent.passkeyLogin, { keyId: result.keyId });
      return { ok: true, userId };
    }
    if (result.reason === 'locked_out' || result.reason === 'key_malformed' || result.reason === 'key_cloned')
      return result;
    await this.record(request, userId, SecondFactorEvent.webauthnFailed, {
      purpose: 'passkey',
      reason: result.reason === 'user_verification_required' ? 'no_user_verification' : 'not_verified',
    });
    return result.reason === 'user_verification_required' ? result : { ok: false, reason: 'key_not_verified' };
  }

  private async verifyTotp(
    request: PluginRequest,
    userId: number,
    token: string,
    purpose: Purpose,
  ): Promise<Verification> {
    const method = SecondFactorMethod.totp;
    const code = normalizeTotpToken(token);
    if (!code) return { ok: false, reason: 'malformed', method };
    const read = this.takeAuthenticatorsRead(request, userId);
    const result = await this.attempts.check(
      request,
      userId,
      () =>
        // The event is written by the same statement that takes the code's time step.
        this.totp.verify(userId, code, read, (authenticatorId) => ({
          userId,
          event: SecondFactorEvent.totpVerified,
          from: request,
          details: { purpose, authenticatorId },
        })),
      (r) => (r.ok ? 'right' : 'wrong'),
    );
    if (result.ok) return { ok: true };
    if (result.reason === 'locked_out') return result;
    await this.record(
      request,
      userId,
      result.reason === 'already_used' ? SecondFactorEvent.totpReused : SecondFactorEvent.totpFailed,
      { purpose },
    );
    return { ok: false, reason: result.reason, method };
  }

  private async verifyBackupCode(
    request: PluginRequest,
    userId: number,
    token: string,
    purpose: Purpose,
  ): Promise<Verification> {
    const method = SecondFactorMethod.backupCode;
    const check = this.backupCodes.begin(userId, token, request.settings);
    const result = await this.attempts.check(
      request,
      userId,
      () => check.finish(),
      (r) => (r.ok ? 'right' : r.reason === 'malformed' ? 'not_counted' : 'wrong'),
    );
    if (result.ok) {
      await this.record(request, userId, SecondFactorEvent.backupCodeUsed, {
        purpose,
        position: result.position,
        remaining: result.remaining,
      });
      const threshold = request.settings.backup_codes_low_threshold;
      if (result.remaining <= threshold && result.remaining + 1 > threshold) {
        await this.record(request, userId, SecondFactorEvent.backupCodesLow, { remaining: result.remaining });
      }
      return { ok: true };
    }
    if (result.reason === 'locked_out') return result;
    if (result.reason === 'malformed') return { ok: false, reason: 'malformed', method };
    if (result.reason === 'replaced') {
      // The tripwire: the member replaced that sheet, so whoever typed this may hold the old one.
      await this.record(request, userId, SecondFactorEvent.backupCodeFromReplacedSheet, {
        purpose,
        replacedAt: result.replacedAt.toISOString(),
      });
      return { ok: false, reason: 'replaced', method, replacedAt: result.replacedAt };
    }
    await this.record(request, userId, SecondFactorEvent.backupCodeFailed, { purpose, reason: result.reason });
    return result.reason === 'already_used'
      ? { ok: false, reason: 'already_used', method, usedAt: result.usedAt }
      : { ok: false, reason: 'wrong', method };
  }

  /** A login that stopped after the right password (the host's sweep): logged, and mailed once a day at most. */
  secondStepAbandoned(step: AbandonedSecondStep<SecondFactorSettings>, db: Knex): Promise<void> {
    return recordAbandonedSecondStep(this.api, step, db);
  }

  /** A check's event: within a login step, written with the statement that ends it. */
  private record(
    request: PluginRequest,
    userId: number,
    event: SecondFactorEventName,
    details: Record<string, string | number>,
  ): Promise<void> {
    return recordEvent(this.api, this.api.db, { userId, event, from: request, details }, { deferIn: request });
  }
}
