import type { Clock, ForumContext, SiteSettingsReader } from 'forum-plugin-api/server';
import { forumRequest } from '../http/forum-request.js';
import type { HostSettings } from '../settings/setting-definition.js';
import { HostErrorCode, HttpError } from '../errors.js';

/**
 * Until when the member's last proof of who they are (a full login, or "confirm it's you") allows
 * sensitive changes (`recent_auth_window_minutes`), or null once it has passed. The one place the
 * rule lives: plugins read it through `api.recentAuthUntil`.
 */
export async function recentAuthUntil(
  ctx: ForumContext,
  settings: SiteSettingsReader<HostSettings>,
  clock: Clock,
): Promise<Date | null> {
  const at = ctx.state.session.recentAuthAt;
  if (!at) return null;
  const minutes = (await forumRequest(ctx, settings)).settings.recent_auth_window_minutes;
  const until = new Date(at.getTime() + minutes * 60 * 1000);
  return until > clock.now() ? until : null;
}

export async function hasRecentAuth(
  ctx: ForumContext,
  settings: SiteSettingsReader<HostSettings>,
  clock: Clock,
): Promise<boolean> {
  return (await recentAuthUntil(ctx, settings, clock)) !== null;
}

/** 403 `recent_auth_required` outside the window: the UI answers it with "confirm it's you". */
export async function requireRecentAuth(
  ctx: ForumContext,
  settings: SiteSettingsReader<HostSettings>,
  clock: Clock,
  /** The 403's message: says what the password is asked for. */
  message: string,
): Promise<void> {
  if (!(await hasRecentAuth(ctx, settings, clock))) {
    throw new HttpError(403, HostErrorCode.recentAuthRequired, message);
  }
}
