import type { Knex } from 'knex';
import type { Context } from 'koa';
import { Session } from '../models/session.js';
import { User } from '../models/user.js';
import { newSessionToken, sessionIdFor } from './session-tokens.js';
import type { HostContext } from '../http/host-state.js';

export const SESSION_COOKIE = 'forum_session';
const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export function setSessionCookie(ctx: Context, token: string): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: '/',
    maxAge: SESSION_LIFETIME_MS,
    overwrite: true,
  });
}

/** The logged-in session and its member for a cookie token, or null (unknown or expired). */
export async function findSession(db: Knex, token: string): Promise<{ session: Session; user: User } | null> {
  const session = await Session.query(db).findById(sessionIdFor(token)).where('expires_at', '>', new Date());
  if (!session) return null;
  const user = await User.query(db).findById(session.user_id);
  if (!user) return null;
  if (Date.now() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    const now = new Date();
    await Session.query(db).findById(session.id).patch({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS) });
  }
  return { session, user };
}

/**
 * Logs a member in on this request: a brand-new session id (never the one the visitor arrived
 * with, which defeats session fixation), the old one deleted, and the recent-auth clock started.
 */
export async function startSession(ctx: HostContext, db: Knex, user: User): Promise<void> {
  const previous = ctx.state.sessionToken;
  const token = newSessionToken();
  const now = new Date();
  await db.transaction(async (trx) => {
    await Session.query(trx).deleteById(sessionIdFor(previous));
    await Session.query(trx).insert({
      id: sessionIdFor(token),
      user_id: user.id,
      expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS),
      recent_auth_at: now,
      ip: ctx.ip,
      user_agent: ctx.get('user-agent').slice(0, 500) || null,
    });
  });
  ctx.state.sessionToken = token;
  ctx.state.currentUser = user.toCurrentUser();
  ctx.state.session = { id: sessionIdFor(token), recentAuthAt: now };
  setSessionCookie(ctx, token);
}

/** Logs out: the session row goes, and the visitor continues on a fresh anonymous token. */
export async function endSession(ctx: HostContext, db: Knex): Promise<void> {
  await Session.query(db).deleteById(sessionIdFor(ctx.state.sessionToken));
  const token = newSessionToken();
  ctx.state.sessionToken = token;
  ctx.state.currentUser = null;
  ctx.state.session = { id: null, recentAuthAt: null };
  setSessionCookie(ctx, token);
}

/** "Confirm it's you" succeeded: sensitive changes are allowed again for a while. */
export async function markRecentAuth(ctx: HostContext, db: Knex): Promise<Date> {
  const now = new Date();
  await Session.query(db).findById(sessionIdFor(ctx.state.sessionToken)).patch({ recent_auth_at: now });
  ctx.state.session = { ...ctx.state.session, recentAuthAt: now };
  return now;
}
