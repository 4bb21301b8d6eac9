import type { ApiMiddleware, CurrentUser } from 'forum-plugin-api/server';
import type { PluginApi, SecondFactorSettings } from '../plugin-types.js';
import { refusalError } from '../routes/refusals.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';

export async function setupRequiredFor(settings: SecondFactorSettings, totp: TotpAuthenticators, user: CurrentUser): Promise<boolean> {
  const enforce = settings.enforce_second_factor;
  const applies = enforce === 'all' || (enforce === 'staff' && user.admin);
  return applies && (await totp.enabledFor(user.id)).length === 0;
}

/**
 * Enforcement (`enforce_second_factor`: staff or all): a member it applies to who has no
 * authenticator reaches only the routes marked `allowDuringSetup` (logging in and out, the
 * site, their security preferences) until they set one up.
 */
export function enforcementMiddleware(api: PluginApi, totp: TotpAuthenticators): ApiMiddleware {
  return async (ctx, next) => {
    const user = ctx.state.currentUser;
    if (user && !api.allowedDuringSetup(ctx) && (await setupRequiredFor((await api.request(ctx)).settings, totp, user))) {
      throw refusalError(api, { ok: false, reason: 'setup_required' });
    }
    await next();
  };
}
