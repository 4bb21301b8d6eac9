import type { Knex } from 'knex';
import type { Clock } from 'forum-plugin-api/server';
import type { Middleware } from 'koa';
import type { HostState } from '../http/host-state.js';
import { findSession, SESSION_COOKIE, setSessionCookie, type FoundSession } from './sessions.js';
import type { AnonymousTokens } from './anonymous-tokens.js';
import { isWellFormedToken } from './session-tokens.js';

/**
 * Attaches the visitor's session to the request. Every visitor gets a session cookie on the
 * first request, logged in or not, so a CSRF token exists before the login form is sent;
 * only logged-in sessions have a database row, and anonymous tokens carry the server's HMAC.
 * A cookie that is neither (made up, planted by another site, or a session that ended) is
 * replaced by a fresh anonymous token: the server only ever works with tokens it issued.
 */
export function sessionMiddleware(db: Knex, clock: Clock, anonymousTokens: AnonymousTokens): Middleware<HostState> {
  return async (ctx, next) => {
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    const known = cookie === undefined ? null : await recognise(db, clock, anonymousTokens, cookie);
    const session = known === 'anonymous' ? null : known;
    ctx.state.anonymousTokens = anonymousTokens;
    ctx.state.currentUser = session?.user ?? null;
    ctx.state.session = session
      ? { id: session.id, recentAuthAt: session.recentAuthAt }
      : { id: null, recentAuthAt: null };
    if (known) {
      ctx.state.sessionToken = cookie!;
    } else {
      ctx.state.sessionToken = anonymousTokens.issue();
      setSessionCookie(ctx, ctx.state.sessionToken);
    }
    await next();
  };
}

/** A visitor's token this server issued, a live session, or null for anything else. */
async function recognise(
  db: Knex,
  clock: Clock,
  anonymousTokens: AnonymousTokens,
  cookie: string,
): Promise<'anonymous' | FoundSession | null> {
  if (!isWellFormedToken(cookie)) return null;
  // No lookup for an anonymous token: logged-in tokens are plain random, never tagged.
  if (anonymousTokens.isIssued(cookie)) return 'anonymous';
  return findSession(db, clock, cookie);
}
