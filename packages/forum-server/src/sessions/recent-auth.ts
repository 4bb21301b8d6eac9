import type { Clock, ForumContext, SiteSettingsReader } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';

/**
 * Whether the member proved who they are (a full login, or "confirm it's you") within the last
 * `recent_auth_window_minutes`. The plugin applies the same rule to its own changes.
 */
export async function hasRecentAuth(ctx: ForumContext, settings: SiteSettingsReader, clock: Clock): Promise<boolean> {
  const at = ctx.state.session.recentAuthAt;
  if (!at) return false;
  const minutes = Number(await settings.get('recent_auth_window_minutes'));
  return at.getTime() + minutes * 60 * 1000 > clock.now().getTime();
}

/** 403 `recent_auth_required` outside the window: the UI answers it with "confirm it's you". */
export async function requireRecentAuth(ctx: ForumContext, settings: SiteSettingsReader, clock: Clock, why: string): Promise<void> {
  if (!(await hasRecentAuth(ctx, settings, clock))) {
    throw new HttpError(403, HostErrorCode.recentAuthRequired, `Confirm it's you: enter your password again ${why}.`);
  }
}
