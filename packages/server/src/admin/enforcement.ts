import type { ApiMiddleware, CurrentUser } from 'forum-plugin-api/server';
import type { PluginApi, SecondFactorSettings } from '../plugin-types.js';
import { refusalError } from '../routes/refusals.js';
import { graceStart } from './enforcement-grace.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a member has a second factor of their own (the verifier answers: an authenticator app or a security key). */
export interface SecondFactorPresence {
  hasSecondFactor(userId: number): Promise<boolean>;
}

/**
 * What enforcement asks of a member now. `setupDeadline` is null when it asks nothing (it does
 * not apply to them, or they have a second factor); otherwise it is when their grace ends, and
 * `setupRequired` is true once it has.
 */
export interface SetupDemand {
  setupRequired: boolean;
  setupDeadline: Date | null;
}

/** `enforce_second_factor`: "staff" means admins, "all" every member. */
export function enforcementAppliesTo(settings: SecondFactorSettings, user: Pick<CurrentUser, 'admin'>): boolean {
  const enforce = settings.enforce_second_factor;
  return enforce === 'all' || (enforce === 'staff' && user.admin);
}

/**
 * The grace starts the first time this is asked about a member it applies to who has no second
 * factor (lazily: no sweep over every member when the admin switches enforcement on), and ends
 * `second_factor_enforcement_grace_days` later, read now: changing the setting moves every
 * deadline. 0 blocks at once.
 */
export async function setupDemandFor(
  api: PluginApi,
  settings: SecondFactorSettings,
  factors: SecondFactorPresence,
  user: CurrentUser,
): Promise<SetupDemand> {
  if (!enforcementAppliesTo(settings, user) || (await factors.hasSecondFactor(user.id))) {
    return { setupRequired: false, setupDeadline: null };
  }
  const now = api.clock.now();
  const started = await graceStart(api.db, user.id, now);
  const deadline = new Date(started.getTime() + settings.second_factor_enforcement_grace_days * DAY_MS);
  return { setupRequired: now.getTime() >= deadline.getTime(), setupDeadline: deadline };
}

/**
 * Enforcement (`enforce_second_factor`: staff or all): a member it applies to who has no
 * authenticator or security key uses the forum as before until their grace ends, then reaches
 * only the routes marked `allowDuringSetup` (logging in and out, the site, their security
 * preferences) until they set one up.
 */
export function enforcementMiddleware(api: PluginApi, factors: SecondFactorPresence): ApiMiddleware {
  return async (ctx, next) => {
    const user = ctx.state.currentUser;
    if (
      user &&
      !api.allowedDuringSetup(ctx) &&
      (await setupDemandFor(api, (await api.request(ctx)).settings, factors, user)).setupRequired
    ) {
      throw refusalError(api, { ok: false, reason: 'setup_required' });
    }
    await next();
  };
}
