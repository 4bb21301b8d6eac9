import { createHash } from 'node:crypto';
import { z } from 'zod';
import { passwordSchema } from '../accounts/account-input.js';
import { passwordCheck } from '../accounts/password-check.js';
import { hashPassword } from '../accounts/passwords.js';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import { requireUser } from '../http/guards.js';
import type { HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { queueMemberMail } from '../mail/mail-outbox.js';
import { User } from '../models/user.js';
import { hasRecentAuth } from '../sessions/recent-auth.js';
import { checkSecondFactorIfAny } from '../sessions/second-factor-check.js';
import { endSessionsOf, markRecentAuth } from '../sessions/sessions.js';
import { revokeLoginChallengesOf } from '../sessions/login-challenges.js';
import { secondFactorError } from './second-factor-answers.js';

const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
  newPassword: passwordSchema,
  method: z.string().min(1).max(30).optional(),
  token: z.string().min(1).max(100).optional(),
});

/** A session as its member may see it: a public id derived from the stored digest, never the cookie. */
function publicSessionId(storedId: string): string {
  return createHash('sha256').update(`public:${storedId}`).digest('hex').slice(0, 32);
}
const sessionIdParam = z.string().regex(/^[0-9a-f]{32}$/, 'No such session.');

/** The member's own account: their password, and the browsers they are logged in on. */
export function accountRoutes(router: HostRouter, services: ForumServices): void {
  const { db, clock, logger, settings, passwordAttempts } = services;
  const checkPassword = passwordCheck(passwordAttempts, settings);

  /**
   * A new password, in one request: the current password always, and a second-factor code too
   * when the member has one and the recent-login window has closed ("confirm it's you" and the
   * change in one form, so nothing is asked twice). Every other session ends.
   */
  router.post('/u/me/password', async (ctx) => {
    const current = requireUser(ctx);
    const body = parseBody(ctx, changePasswordBody);
    const user = await User.query(db).findById(current.id);
    if (!user || !(await checkPassword(ctx, { userId: current.id }, user.password_hash, body.currentPassword))) {
      throw new HttpError(401, HostErrorCode.invalidCredentials, 'Your current password is not correct.');
    }
    if (!(await hasRecentAuth(ctx, settings, clock))) {
      const second = await checkSecondFactorIfAny(services, ctx, current, body);
      if (!second.ok) throw secondFactorError(second);
    }
    const passwordHash = await hashPassword(body.newPassword);
    const sessionId = ctx.state.session.id!;
    const ended = await db.transaction(async (trx) => {
      await trx('users').where({ id: current.id }).update({ password_hash: passwordHash });
      await revokeLoginChallengesOf(trx, current.id); // a password step someone else passed
      const count = await endSessionsOf(trx, current.id, { exceptSessionId: sessionId });
      await queueMemberMail(trx, logger, {
        userId: current.id,
        subject: `${String(await settings.get('title', trx))}: your password was changed`,
        text: `Your password was changed at ${clock.now().toISOString().replace('T', ' ').slice(0, 16)} UTC, and you were logged out everywhere else.\n\nIf this wasn't you, reset your password at once and tell the forum's admins.`,
      });
      return count;
    });
    await markRecentAuth(ctx, db, clock);
    logger.info(
      { event: 'password_changed', userId: current.id, sessionsEnded: ended, ip: ctx.ip },
      'password changed',
    );
    ctx.status = 204;
  });

  /** Where the member is logged in, this browser first. */
  router.get('/u/me/sessions', async (ctx) => {
    const current = requireUser(ctx);
    const rows: { id: string; created_at: Date; last_seen_at: Date; ip: string | null; user_agent: string | null }[] =
      await db('sessions')
        .where({ user_id: current.id })
        .where('expires_at', '>', clock.now())
        .orderBy('last_seen_at', 'desc')
        .select('id', 'created_at', 'last_seen_at', 'ip', 'user_agent');
    const sessions = rows.map((r) => ({
      id: publicSessionId(r.id),
      current: r.id === ctx.state.session.id,
      userAgent: r.user_agent,
      ip: r.ip,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
    }));
    ctx.body = { sessions: [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)] };
  });

  /** Logs one of the member's other browsers out. This browser logs out with DELETE /api/session. */
  router.delete('/u/me/sessions/:id', async (ctx) => {
    const current = requireUser(ctx);
    const wanted = sessionIdParam.safeParse(ctx.params.id);
    const rows: { id: string }[] = await db('sessions').where({ user_id: current.id }).select('id');
    const match = wanted.success ? rows.find((r) => publicSessionId(r.id) === wanted.data) : undefined;
    if (!match) throw new HttpError(404, HostErrorCode.notFound, 'No such session: it may have ended already.');
    if (match.id === ctx.state.session.id)
      throw new HttpError(409, HostErrorCode.currentSession, 'That is this browser: use Log out.');
    await db('sessions').where({ id: match.id }).delete();
    logger.info({ event: 'session_ended', userId: current.id, ip: ctx.ip }, 'member ended one of their sessions');
    ctx.status = 204;
  });

  /** "Log out everywhere else". */
  router.delete('/u/me/sessions', async (ctx) => {
    const current = requireUser(ctx);
    const ended = await endSessionsOf(db, current.id, { exceptSessionId: ctx.state.session.id! });
    logger.info(
      { event: 'sessions_ended', userId: current.id, count: ended, ip: ctx.ip },
      'member logged out everywhere else',
    );
    ctx.status = 204;
  });
}
