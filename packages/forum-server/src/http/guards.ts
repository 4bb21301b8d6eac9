import type { CurrentUser, ForumContext } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';

export function requireUser(ctx: ForumContext): CurrentUser {
  const user = ctx.state.currentUser;
  if (!user) throw new HttpError(401, HostErrorCode.notLoggedIn, 'You need to log in first.');
  return user;
}

export function requireAdmin(ctx: ForumContext): CurrentUser {
  const user = requireUser(ctx);
  if (!user.admin) throw new HttpError(403, HostErrorCode.forbidden, 'Only admins can do that.');
  return user;
}
