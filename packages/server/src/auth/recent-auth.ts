import type { ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode } from '@second-factor/core';

/** Until when the member's last full authentication allows sensitive changes, or null (the host's rule). */
export function recentAuthUntil(api: ServerPluginApi, ctx: ForumContext): Promise<Date | null> {
  return api.recentAuthUntil(ctx);
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
