import type { ApiMiddleware, CurrentUser } from 'forum-plugin-api/server';
import type { PluginApi, SecondFactorSettings } from '../plugin-types.js';
import { refusalError } from '../routes/refusals.js';
/** Whether a member has a second factor of their own (the verifier answers: an authenticator app or a security key). */
export interface SecondFactorPresence {
  hasSecondFactor(userId: number): Promise<boolean>;
}

export async function setupRequiredFor(
  settings: SecondFactorSettings,
  factors: SecondFactorPresence,
  user: CurrentUser,
): Promise<boolean> {
  const enforce = settings.enforce_second_factor;
  const applies = enforce === 'all' || (enforce === 'staff' && user.admin);
  return applies && !(await factors.hasSecondFactor(user.id));
}

/**
 * Enforcement (`enforce_second_factor`: staff or all): a member it applies to who has no
 * authenticator or security key reaches only the routes marked `allowDuringSetup` (logging in and out, the
 * site, their security preferences) until they set one up.
 */
export function enforcementMiddleware(api: PluginApi, factors: SecondFactorPresence): ApiMiddleware {
  return async (ctx, next) => {
    const user = ctx.state.currentUser;
    if (
      user &&
      !api.allowedDuringSetup(ctx) &&
      (await setupRequiredFor((await api.request(ctx)).settings, factors, user))
    ) {
      throw refusalError(api, { ok: false, reason: 'setup_required' });
    }
    await next();
  };
}
