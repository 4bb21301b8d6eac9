import type { ForumContext } from 'forum-plugin-api/server';
import type { PluginApi } from '../plugin-types.js';
import { refusalError } from '../routes/refusals.js';

/**
 * Sensitive changes need a password (and second factor) entered in the last few minutes (the
 * host's rule, `api.recentAuthUntil`); otherwise 403 `recent_auth_required`, which the UI
 * answers with "confirm it's you".
 */
export async function requireRecentAuth(api: PluginApi, ctx: ForumContext): Promise<void> {
  if (!(await api.recentAuthUntil(ctx))) throw refusalError(api, { ok: false, reason: 'recent_auth_required' });
}
