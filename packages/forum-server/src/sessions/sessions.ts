import type { Knex } from 'knex';
import type { Context } from 'koa';
import { Session } from '../models/session.js';
import { User } from '../models/user.js';
import { newSessionToken, sessionIdFor } from './session-tokens.js';
import type { Clock, CurrentUser } from 'forum-plugin-api/server';
import type { HostContext } from '../http/host-state.js';
import { knownDevice } from './known-devices.js';
import { withWrites, type DeferredWrite } from './deferred-writes.js';

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

export interface FoundSession {
  id: string;
  user: CurrentUser;
  recentAuthAt: Date | null;
}

/**
 * The logged-in session and its member for a cookie token, or null (unknown or expired). Runs on
 * every API request, so it is one query: the session joined to its member.
 */
export async function findSession(db: Knex, clock: Clock, token: string): Promise<FoundSession | null> {
  const now = clock.now();
  const id = sessionIdFor(token);
  const row:
    | (Pick<User, 'username' | 'email' | 'admin' | 'created_at'> & {
        user_id: number;
        last_seen_at: Date;
        recent_auth_at: Date | null;
      })
    | undefined = await db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .where('sessions.id', id)
    .where('sessions.expires_at', '>', now)
    .first(
      'sessions.user_id',
      'users.username',
      'users.email',
      'users.admin',
      'users.created_at',
      'sessions.last_seen_at',
      'sessions.recent_auth_at',
    );
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await Session.query(db)
      .findById(id)
      .patch({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS) });
  }
  const user = User.fromDatabaseJson({
    id: row.user_id,
    username: row.username,
    email: row.email,
    admin: row.admin,
    created_at: row.created_at,
  });
  return { id, user: user.toCurrentUser(), recentAuthAt: row.recent_auth_at };
}

/**
 * Logs a member in on this request: a brand-new session id (never the one the visitor arrived
 * with, which defeats session fixation), the old one deleted, and the recent-auth clock started.
 * The browser becomes a known device of the account (its own attempt limits from now on), and
 * a trusted one until `trustDeviceUntil` when given. A login that skipped the second step on a
 * trusted browser (`recentAuth: false`) does not open the recent-auth window: sensitive changes
 * then ask "confirm it's you", second factor included.
 */
export async function startSession(
  ctx: HostContext,
  db: Knex,
  clock: Clock,
  user: User,
  options: {
    trustDeviceUntil?: Date | null;
    recentAuth?: boolean;
    /** Statements that belong to the login (the challenges it ends, its attempts' refunds), run inside the session's own. */
    alongside?: readonly DeferredWrite[];
  } = {},
): Promise<void> {
  const previous = ctx.state.sessionToken;
  const token = newSessionToken();
  const now = clock.now();
  const recentAuthAt = options.recentAuth === false ? null : now;
  const device = knownDevice(ctx, now, user.id, options.trustDeviceUntil ?? null);
  // One statement, so all of it or none: the old session goes, the browser is remembered, the
  // login's own statements run, the new session is written.
  const statement = db
    .with(
      'ended',
      db('sessions')
        .where({ id: sessionIdFor(previous) })
        .delete(),
    )
    .with('device', device.upsert(db));
  await withWrites(statement, options.alongside ?? [])
    .insert({
      id: sessionIdFor(token),
      user_id: user.id,
      expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS),
      recent_auth_at: recentAuthAt,
      ip: ctx.ip,
      user_agent: ctx.get('user-agent').slice(0, 500) || null,
    })
    .into('sessions');
  device.setCookie();
  ctx.state.sessionToken = token;
  ctx.state.currentUser = user.toCurrentUser();
  ctx.state.session = { id: sessionIdFor(token), recentAuthAt };
  setSessionCookie(ctx, token);
}

/** Logs out: the session row goes, and the visitor continues on a fresh anonymous token. */
export async function endSession(ctx: HostContext, db: Knex): Promise<void> {
  await Session.query(db).deleteById(sessionIdFor(ctx.state.sessionToken));
  const token = ctx.state.anonymousTokens.issue();
  ctx.state.sessionToken = token;
  ctx.state.currentUser = null;
  ctx.state.session = { id: null, recentAuthAt: null };
  setSessionCookie(ctx, token);
}

/**
 * Ends every session of a member (an admin reset their second factors, say), except the one
 * named; their browsers get fresh anonymous tokens on their next request. Returns how many ended.
 */
export async function endSessionsOf(
  db: Knex,
  userId: number,
  options: { exceptSessionId?: string } = {},
): Promise<number> {
  const query = db('sessions').where({ user_id: userId });
  if (options.exceptSessionId !== undefined) query.whereNot({ id: options.exceptSessionId });
  // `returning` gives rows on both databases (a bare delete is a number on pg, an object on PGlite).
  const ended: { id: string }[] = await query.delete().returning('id');
  return ended.length;
}

/** "Confirm it's you" succeeded: sensitive changes are allowed again for a while. */
export async function markRecentAuth(ctx: HostContext, db: Knex, clock: Clock): Promise<Date> {
  const now = clock.now();
  await Session.query(db).findById(sessionIdFor(ctx.state.sessionToken)).patch({ recent_auth_at: now });
  ctx.state.session = { ...ctx.state.session, recentAuthAt: now };
  return now;
}
