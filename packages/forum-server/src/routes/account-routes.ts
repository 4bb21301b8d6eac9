import { createHash } from 'node:crypto';
import { z } from 'zod';
import { passwordSchema, secondFactorTokenSchema } from '../accounts/account-input.js';
import { passwordCheck } from '../accounts/password-check.js';
import { hashPassword } from '../accounts/passwords.js';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import { requireUser } from '../http/guards.js';
import type { HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { utcMinute } from '../mail/mail-layout.js';
import { queueMemberMail } from '../mail/mail-outbox.js';
import { User } from '../models/user.js';
import { hasRecentAuth } from '../sessions/recent-auth.js';
import { checkSecondFactorIfAny } from '../sessions/second-factor-check.js';
import { endSessionsOf, markRecentAuth } from '../sessions/sessions.js';
import { revokeLoginChallengesOf } from '../sessions/login-challenges.js';
import { endTrustedDevices } from '../sessions/known-devices.js';
import { secondFactorError } from './second-factor-answers.js';
import { t } from '../i18n.js';

const changePasswordBody = z.strictObject({
  currentPassword: z
    .string()
    .min(1, { error: () => t('forum.input.current_password_required') })
    .max(200),
  newPassword: passwordSchema,
  method: z.string().min(1).max(30).optional(),
  token: secondFactorTokenSchema.optional(),
});

/** A session as its member may see it: a public id derived from the stored digest, never the cookie. */
function publicSessionId(storedId: string): string {
  return createHash('sha256').update(`public:${storedId}`).digest('hex').slice(0, 32);
}
const sessionIdParam = z.string().regex(/^[0-9a-f]{32}$/, { error: () => t('forum.input.session_malformed') });

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
      throw new HttpError(401, HostErrorCode.invalidCredentials, t('forum.errors.wrong_current_password'));
    }
    if (!(await hasRecentAuth(ctx, settings, clock))) {
      const second = await checkSecondFactorIfAny(services, ctx, current, body);
      if (!second.ok) throw secondFactorError(second);
    }
    const passwordHash = await hashPassword(body.newPassword);
    const sessionId = ctx.state.session.id!;
    const { ended, untrusted } = await db.transaction(async (trx) => {
      await trx('users').where({ id: current.id }).update({ password_hash: passwordHash });
      await revokeLoginChallengesOf(trx, current.id); // a password step someone else passed
      const count = await endSessionsOf(trx, current.id, { exceptSessionId: sessionId });
      // Trust was given under the old password: whoever knew it must not skip the second step.
      const trustEnded = await endTrustedDevices(trx, clock.now(), current.id);
      await queueMemberMail(trx, logger, {
        userId: current.id,
        subject: t('forum.mail.password_changed.subject', { forum: String(await settings.get('title', trx)) }),
        text:
          [
            t('forum.mail.password_changed.text', { at: utcMinute(clock.now()) }),
            ...(trustEnded > 0 ? [t('forum.mail.password_changed.trusted_browsers_ended')] : []),
          ].join(' ') + `\n\n${t('forum.mail.password_changed.closing')}`,
      });
      return { ended: count, untrusted: trustEnded };
    });
    await markRecentAuth(ctx, db, clock);
    logger.info(
      {
        event: 'password_changed',
        userId: current.id,
        sessionsEnded: ended,
        trustedDevicesEnded: untrusted,
        ip: ctx.ip,
      },
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
    if (!match) throw new HttpError(404, HostErrorCode.notFound, t('forum.errors.session_not_found'));
    if (match.id === ctx.state.session.id)
      throw new HttpError(409, HostErrorCode.currentSession, t('forum.errors.current_session'));
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
