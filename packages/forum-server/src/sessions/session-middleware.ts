import type { Knex } from 'knex';
import type { Middleware } from 'koa';
import type { HostState } from '../http/host-state.js';
import { findSession, SESSION_COOKIE, setSessionCookie } from './sessions.js';
import { isWellFormedToken, newSessionToken } from './session-tokens.js';

/**
 * Attaches the visitor's session to the request. Every visitor gets a session cookie on the
 * first request, logged in or not, so a CSRF token exists before the login form is sent;
 * only logged-in sessions have a database row.
 */
export function sessionMiddleware(db: Knex): Middleware<HostState> {
  return async (ctx, next) => {
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    ctx.state.currentUser = null;
    ctx.state.session = { id: null, recentAuthAt: null };
    if (cookie && isWellFormedToken(cookie)) {
      ctx.state.sessionToken = cookie;
      const found = await findSession(db, cookie);
      if (found) {
        ctx.state.currentUser = found.user;
        ctx.state.session = { id: found.id, recentAuthAt: found.recentAuthAt };
      }
    } else {
      ctx.state.sessionToken = newSessionToken();
      setSessionCookie(ctx, ctx.state.sessionToken);
    }
    await next();
  };
}
