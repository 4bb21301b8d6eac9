import type { CurrentUser, ForumContext, SecondFactorProvider, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode, SecondFactorEvent, SecondFactorMethod } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import { normalizeTotpToken } from '../totp/totp-algorithm.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import type { AttemptLimiter } from './attempt-limiter.js';

/**
 * What the host's login and "confirm it's you" ask of this plugin: which methods a member has,
 * and whether a token is right. Every decision is rate limited and written to the audit log.
 */
export function secondFactorProvider(api: ServerPluginApi, totp: TotpAuthenticators, limiter: AttemptLimiter): SecondFactorProvider {
  return {
    async methodsFor(user: CurrentUser) {
      const authenticators = await totp.enabledFor(user.id);
      return authenticators.length > 0 ? [SecondFactorMethod.totp] : [];
    },

    async verify(ctx: ForumContext, user: CurrentUser, method: string, token: string, purpose: 'login' | 'confirm') {
      if (method !== SecondFactorMethod.totp) {
        throw api.httpError(400, SecondFactorErrorCode.invalidTokenFormat, 'Unknown second-factor method.');
      }
      const code = normalizeTotpToken(token);
      if (!code) throw api.httpError(400, SecondFactorErrorCode.invalidTokenFormat, 'Enter the 6-digit code from your authenticator app.');
      await limiter.assertAllowed(user.id, ctx.ip);

      const result = await totp.verify(user.id, code);
      if (result.ok) {
        await recordEvent(api.db, { userId: user.id, event: SecondFactorEvent.totpVerified, ctx, details: { purpose, authenticatorId: result.authenticatorId } });
        return;
      }
      await recordEvent(api.db, { userId: user.id, event: result.reused ? SecondFactorEvent.totpReused : SecondFactorEvent.totpFailed, ctx, details: { purpose } });
      await limiter.recordFailure(ctx, user.id);
      if (result.reused) {
        throw api.httpError(401, SecondFactorErrorCode.codeAlreadyUsed, 'That code was already used. Wait for the next code in your app.');
      }
      throw api.httpError(401, SecondFactorErrorCode.invalidSecondFactor, 'That code is not right. Enter the current code from your authenticator app.');
    },
  };
}
