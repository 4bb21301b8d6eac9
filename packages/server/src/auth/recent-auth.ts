import type { ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode } from '@second-factor/core';

/** Until when the member's last full authentication allows sensitive changes, or null. */
export async function recentAuthUntil(api: ServerPluginApi, ctx: ForumContext): Promise<Date | null> {
  const at = ctx.state.session.recentAuthAt;
  if (!at) return null;
  const minutes = Number(await api.siteSettings.get('recent_auth_window_minutes'));
  const until = new Date(at.getTime() + minutes * 60 * 1000);
  return until > api.clock.now() ? until : null;
}

/**
 * Sensitive changes need a password (and second factor) entered in the last few minutes;
 * otherwise 403 `recent_auth_required`, which the UI answers with "confirm it's you".
 */
export async function requireRecentAuth(api: ServerPluginApi, ctx: ForumContext): Promise<void> {
  if (!(await recentAuthUntil(api, ctx))) {
    throw api.httpError(403, SecondFactorErrorCode.recentAuthRequired, "Confirm it's you: enter your password again to make this change.");
  }
}
