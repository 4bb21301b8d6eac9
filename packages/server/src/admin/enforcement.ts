import { SecondFactorErrorCode } from '@second-factor/core';
import type { ApiMiddleware, CurrentUser, ServerPluginApi } from 'forum-plugin-api/server';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';

/** What a member may still reach while enforcement makes them set up 2FA first. */
const ALLOWED = [
  /^\/api\/session(\/|$)/,
  /^\/api\/site$/,
  /^\/api\/health$/,
  /^\/api\/u\/me\/second-factors(\/|$)/,
  /^\/api\/u\/me\/backup-codes$/,
  /^\/api\/u\/me\/second-factor-events$/,
];

export async function setupRequiredFor(api: ServerPluginApi, totp: TotpAuthenticators, user: CurrentUser): Promise<boolean> {
  const enforce = await api.siteSettings.get('enforce_second_factor');
  const applies = enforce === 'all' || (enforce === 'staff' && user.admin);
  return applies && (await totp.enabledFor(user.id)).length === 0;
}

/**
 * Enforcement (`enforce_second_factor`: staff or all): a member it applies to who has no
 * authenticator can reach their security preferences and nothing else until they set one up.
 */
export function enforcementMiddleware(api: ServerPluginApi, totp: TotpAuthenticators): ApiMiddleware {
  return async (ctx, next) => {
    const user = ctx.state.currentUser;
    if (user && !ALLOWED.some((pattern) => pattern.test(ctx.path)) && (await setupRequiredFor(api, totp, user))) {
      throw api.httpError(403, SecondFactorErrorCode.secondFactorSetupRequired, 'This forum requires two-factor authentication: set up an authenticator app in your security preferences first.');
    }
    await next();
  };
}
