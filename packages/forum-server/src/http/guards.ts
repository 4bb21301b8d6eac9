import type { CurrentUser, ForumContext } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';
import { t } from '../i18n.js';

export function requireUser(ctx: ForumContext): CurrentUser {
  const user = ctx.state.currentUser;
  if (!user) throw new HttpError(401, HostErrorCode.notLoggedIn, t('forum.errors.not_logged_in'));
  return user;
}

export function requireAdmin(ctx: ForumContext): CurrentUser {
  const user = requireUser(ctx);
  if (!user.admin) throw new HttpError(403, HostErrorCode.forbidden, t('forum.errors.admins_only'));
  return user;
}
