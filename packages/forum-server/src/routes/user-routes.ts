import { signupBody } from '../accounts/account-input.js';
import { createUser } from '../accounts/users.js';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import type { HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { serializeUser } from '../models/user.js';
import { startSession } from '../sessions/sessions.js';
import { t } from '../i18n.js';

export function userRoutes(router: HostRouter, { db, settings, logger, clock }: ForumServices): void {
  router.post('/users', async (ctx) => {
    const input = parseBody(ctx, signupBody);
    if (!(await settings.get('allow_new_registrations'))) {
      throw new HttpError(403, HostErrorCode.signupsClosed, t('forum.errors.signups_closed'));
    }
    const user = await createUser(db, input);
    await startSession(ctx, db, clock, user);
    logger.info({ event: 'signup', userId: user.id, ip: ctx.ip }, 'account created');
    ctx.status = 201;
    ctx.body = { user: serializeUser(user.toCurrentUser()) };
  });
}
