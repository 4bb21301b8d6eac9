import { z } from 'zod';
import { emailSchema, passwordSchema, usernameSchema } from '../accounts/account-input.js';
import { hashPassword } from '../accounts/passwords.js';
import { insertUser } from '../accounts/users.js';
import { logAdminAction } from '../admin/admin-actions.js';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import type { HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { serializeUser } from '../models/user.js';
import { startSession } from '../sessions/sessions.js';
import { consumeSetupTokens, isValidSetupToken } from '../setup/setup-tokens.js';
import { t } from '../i18n.js';

const setupTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32}$/, { error: () => t('forum.input.setup_token_malformed') });
const setupBody = z.strictObject({
  token: setupTokenSchema,
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
});

function invalidLink(): HttpError {
  return new HttpError(404, HostErrorCode.setupTokenInvalid, t('forum.errors.setup_token_invalid'));
}

/** The first-admin link printed by `npm start` on a forum without admins. */
export function setupRoutes(router: HostRouter, { db, logger, clock }: ForumServices): void {
  router.get('/setup/:token', async (ctx) => {
    const token = setupTokenSchema.safeParse(ctx.params.token);
    if (!token.success || !(await isValidSetupToken(db, token.data))) throw invalidLink();
    ctx.body = { valid: true };
  });

  router.post('/setup', async (ctx) => {
    const input = parseBody(ctx, setupBody);
    if (!(await isValidSetupToken(db, input.token))) throw invalidLink();
    const passwordHash = await hashPassword(input.password);
    const admin = await db.transaction(async (trx) => {
      if (!(await consumeSetupTokens(trx, input.token))) throw invalidLink();
      const user = await insertUser(trx, { username: input.username, email: input.email, passwordHash, admin: true });
      await logAdminAction(trx, {
        actorId: user.id,
        action: 'first_admin_created',
        subject: user.username,
        details: {},
        ip: ctx.ip,
      });
      return user;
    });
    await startSession(ctx, db, clock, admin);
    logger.info(
      { event: 'first_admin_created', userId: admin.id, ip: ctx.ip },
      'first admin created from the setup link',
    );
    ctx.status = 201;
    ctx.body = { user: serializeUser(admin.toCurrentUser()) };
  });
}
