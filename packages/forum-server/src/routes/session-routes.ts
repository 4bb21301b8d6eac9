import { findUserByLogin } from '../accounts/users.js';
import { loginBody } from '../accounts/account-input.js';
import { verifyPassword } from '../accounts/passwords.js';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import type { HostContext, HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { serializeUser } from '../models/user.js';
import { csrfTokenFor } from '../sessions/session-tokens.js';
import { endSession, startSession } from '../sessions/sessions.js';

function clientOf(ctx: HostContext) {
  return { ip: ctx.ip, userAgent: ctx.get('user-agent').slice(0, 200) };
}

export function sessionRoutes(router: HostRouter, { db, csrfKey, logger }: ForumServices): void {
  router.get('/session/csrf', (ctx) => {
    ctx.body = { csrf: csrfTokenFor(csrfKey, ctx.state.sessionToken) };
  });

  router.get('/session/current', (ctx) => {
    const user = ctx.state.currentUser;
    if (!user) throw new HttpError(404, HostErrorCode.notLoggedIn, 'Not logged in.');
    ctx.body = { user: serializeUser(user) };
  });

  router.post('/session', async (ctx) => {
    const { login, password } = parseBody(ctx, loginBody);
    const user = await findUserByLogin(db, login);
    // Unknown account and wrong password take the same time and get the same answer.
    const valid = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !valid) {
      logger.info({ event: 'login', outcome: 'failure', userId: user?.id ?? null, ...clientOf(ctx) }, 'login failed');
      throw new HttpError(401, HostErrorCode.invalidCredentials, 'Incorrect username, email or password.');
    }
    await startSession(ctx, db, user);
    logger.info({ event: 'login', outcome: 'success', userId: user.id, ...clientOf(ctx) }, 'logged in');
    ctx.body = { user: serializeUser(user.toCurrentUser()) };
  });

  router.delete('/session', async (ctx) => {
    const userId = ctx.state.currentUser?.id ?? null;
    await endSession(ctx, db);
    if (userId !== null) logger.info({ event: 'logout', userId, ...clientOf(ctx) }, 'logged out');
    ctx.status = 204;
  });
}
