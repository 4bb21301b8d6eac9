import { z } from 'zod';
import { findLoginAccount } from '../accounts/users.js';
import { loginBody, secondFactorTokenSchema } from '../accounts/account-input.js';
import { passwordCheck } from '../accounts/password-check.js';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import { forumRequest, noteKnownDevice } from '../http/forum-request.js';
import { requireUser } from '../http/guards.js';
import type { HostContext, HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { serializeUser, User } from '../models/user.js';
import {
  claimLoginChallenge,
  findLoginChallenge,
  issueLoginChallenge,
  endedByLogin,
  restoredOnFault,
  settleChallenge,
} from '../sessions/login-challenges.js';
import { takeDeferredWrites, withDeferredWrites } from '../sessions/deferred-writes.js';
import { csrfTokenFor, sessionIdFor } from '../sessions/session-tokens.js';
import { issueSecondFactorGrant } from '../sessions/second-factor-grants.js';
import { checkSecondFactorIfAny, checkSecondStep } from '../sessions/second-factor-check.js';
import { endSession, markRecentAuth, startSession } from '../sessions/sessions.js';
import { deviceTokenHash, trustUntil } from '../sessions/known-devices.js';
import { secondFactorError } from './second-factor-answers.js';
import { t } from '../i18n.js';

const loginChallenge = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: () => t('forum.input.challenge_malformed') });

const secondFactorBody = z.strictObject({
  challenge: loginChallenge,
  method: z.string().min(1).max(30),
  token: secondFactorTokenSchema,
  /** "Trust this browser": after a right second factor, the next logins here skip the second step. */
  rememberDevice: z.boolean().optional(),
});

const confirmBody = z.strictObject({
  password: z
    .string()
    .min(1, { error: () => t('forum.input.password_required') })
    .max(200),
  method: z.string().min(1).max(30).optional(),
  token: secondFactorTokenSchema.optional(),
});

const optionsBody = z.strictObject({ challenge: loginChallenge });
const noBody = z.strictObject({});
const passkeyBody = z.strictObject({ response: z.record(z.string(), z.unknown()) });

function clientOf(ctx: HostContext) {
  return { ip: ctx.ip, userAgent: ctx.get('user-agent').slice(0, 200) };
}

export function sessionRoutes(router: HostRouter, services: ForumServices): void {
  const { db, clock, csrfKey, logger, settings, secondFactors, passwordAttempts } = services;
  const checkPassword = passwordCheck(passwordAttempts, settings);

  router.get('/session/csrf', (ctx) => {
    ctx.body = { csrf: csrfTokenFor(csrfKey, ctx.state.sessionToken) };
  });

  router.get('/session/current', (ctx) => {
    const user = ctx.state.currentUser;
    if (!user) throw new HttpError(404, HostErrorCode.notLoggedIn, t('forum.errors.no_session'));
    ctx.body = { user: serializeUser(user) };
  });

  /** Step one: the password. Members with a second factor get a challenge instead of a session. */
  router.post('/session', async (ctx) => {
    const { login, password } = parseBody(ctx, loginBody);
    // A right password's refund is written with the challenge or the session that follows it.
    const request = await forumRequest(ctx, settings);
    await withDeferredWrites(request, async () => {
      // The account and this browser as its device, read once: the limiter counts against the
      // device row without reading it again (`noteKnownDevice`).
      const account = await findLoginAccount(db, login, {
        tokenHash: deviceTokenHash(ctx),
        now: clock.now(),
        trustDays: request.settings.second_factor_trusted_device_days,
      });
      const user = account?.user;
      if (account) noteKnownDevice(request, account.user.id, account.device.id);
      const device = account?.device ?? { trusted: false };
      // The member's second factors are read while the password is hashed; they are looked at
      // only once it is right, so a wrong password's answer never waits for them.
      const provider = secondFactors.provider;
      const methodsRead = user && provider ? provider.methodsFor(request, user.toCurrentUser()) : Promise.resolve([]);
      methodsRead.catch(() => undefined);
      // Unknown account and wrong password take the same time and get the same answer.
      const valid = await checkPassword(
        ctx,
        user ? { userId: user.id } : { unknownLogin: login },
        user?.password_hash ?? null,
        password,
      );
      if (!user || !valid) {
        logger.info(
          { event: 'login', step: 'password', outcome: 'failure', userId: user?.id ?? null, ...clientOf(ctx) },
          'login failed',
        );
        throw new HttpError(401, HostErrorCode.invalidCredentials, t('forum.errors.wrong_login'));
      }
      const methods = await methodsRead;
      if (methods.length > 0 && device.trusted) {
        // "Trust this browser": the password was right, and this browser's device cookie is
        // trusted for this member. The session does not open the recent-auth window.
        await startSession(ctx, db, clock, user, { recentAuth: false, alongside: takeDeferredWrites(request) });
        logger.info(
          {
            event: 'login',
            step: 'password',
            outcome: 'success',
            trustedBrowser: true,
            userId: user.id,
            ...clientOf(ctx),
          },
          'logged in on a trusted browser',
        );
        ctx.body = { user: serializeUser(user.toCurrentUser()) };
        return;
      }
      if (methods.length > 0) {
        const challenge = await issueLoginChallenge(
          db,
          clock.now(),
          user.id,
          ctx.state.sessionToken,
          clientOf(ctx),
          takeDeferredWrites(request),
        );
        logger.info(
          { event: 'login', step: 'password', outcome: 'second_factor_required', userId: user.id, ...clientOf(ctx) },
          'password accepted',
        );
        ctx.body = { secondFactorRequired: true, challenge, methods };
        return;
      }
      await startSession(ctx, db, clock, user, { alongside: takeDeferredWrites(request) });
      logger.info(
        { event: 'login', step: 'password', outcome: 'success', userId: user.id, ...clientOf(ctx) },
        'logged in',
      );
      ctx.body = { user: serializeUser(user.toCurrentUser()) };
    });
  });

  /**
   * Step two: a second factor against the challenge from step one. The challenge is claimed (no
   * other request can use it meanwhile) and settled by the result: consumed by a login, one try
   * fewer after a wrong token, back as it was when nothing was checked.
   */
  router.post('/session/second-factor', async (ctx) => {
    const { challenge, method, token, rememberDevice } = parseBody(ctx, secondFactorBody);
    // The claim and the settings snapshot do not depend on each other: both at once.
    const [claimed, request] = await Promise.all([
      claimLoginChallenge(db, clock.now(), challenge, ctx.state.sessionToken, deviceTokenHash(ctx)),
      forumRequest(ctx, settings),
    ]);
    if (!claimed) throw secondFactorError({ ok: false, reason: 'challenge_invalid' });
    // The claim read the browser's known-device row: the limiter counts against it without asking again.
    noteKnownDevice(request, claimed.userId, claimed.deviceId);
    // A right answer's refund is written with the session; the check's audit row with the
    // session, or with the challenge put back.
    await withDeferredWrites(request, async () => {
      const result = await restoredOnFault(db, claimed, () =>
        checkSecondStep(services, ctx, claimed.member, { method, token, binding: claimed.id }),
      );
      if (!result.ok) {
        const triesLeft = await settleChallenge(db, claimed, result, () => takeDeferredWrites(request));
        if (result.reason === 'wrong')
          logger.info(
            {
              event: 'login',
              step: 'second_factor',
              method,
              outcome: 'failure',
              userId: claimed.userId,
              triesLeft,
              ...clientOf(ctx),
            },
            'second factor refused',
          );
        throw secondFactorError(triesLeft === 0 ? { ok: false, reason: 'challenge_invalid' } : result);
      }
      const trustDeviceUntil = rememberDevice
        ? trustUntil(clock.now(), request.settings.second_factor_trusted_device_days)
        : null;
      await startSession(ctx, db, clock, result.user, {
        trustDeviceUntil,
        alongside: [endedByLogin(db, claimed), ...takeDeferredWrites(request)],
      });
      logger.info(
        {
          event: 'login',
          step: 'second_factor',
          method,
          outcome: 'success',
          userId: result.user.id,
          ...(trustDeviceUntil ? { trustedUntil: trustDeviceUntil.toISOString() } : {}),
          ...clientOf(ctx),
        },
        'logged in',
      );
      ctx.body = { user: serializeUser(result.user.toCurrentUser()) };
    });
  });

  /**
   * What a method needs before the member can answer at the second step (a security key signs a
   * fresh challenge), for each method the provider says needs it. Bound to the login challenge,
   * which is read, not claimed: asking for options costs no try.
   */
  const challengeOptions = secondFactors.provider?.challengeOptions;
  for (const method of challengeOptions?.methods ?? []) {
    router.post(`/session/second-factor/${method}-options`, async (ctx) => {
      const { challenge } = parseBody(ctx, optionsBody);
      const found = await findLoginChallenge(db, clock.now(), challenge, ctx.state.sessionToken);
      const user = found ? await User.query(db).findById(found.userId) : undefined;
      if (!found || !user || !challengeOptions) throw secondFactorError({ ok: false, reason: 'challenge_invalid' });
      const request = await forumRequest(ctx, settings);
      const methods = (await secondFactors.provider?.methodsFor(request, user.toCurrentUser())) ?? [];
      if (!methods.includes(method)) throw secondFactorError({ ok: false, reason: 'method_not_offered', methods });
      const options = await challengeOptions.options(request, user.toCurrentUser(), method, 'login', found.id);
      if (!options.ok) throw secondFactorError(options);
      ctx.body = options.options;
    });
  }

  /**
   * Logging in without a password (a passkey that verified its member), when the provider offers
   * it: options bound to this browser's session, then the answer, which starts a session.
   */
  const passwordless = secondFactors.provider?.passwordless;
  if (passwordless) {
    router.post('/session/passkey-options', async (ctx) => {
      parseBody(ctx, noBody);
      const options = await passwordless.options(
        await forumRequest(ctx, settings),
        sessionIdFor(ctx.state.sessionToken),
      );
      if (!options.ok) throw secondFactorError(options);
      ctx.body = options.options;
    });

    router.post('/session/passkey', async (ctx) => {
      const { response } = parseBody(ctx, passkeyBody);
      const result = await passwordless.verify(
        await forumRequest(ctx, settings),
        response,
        sessionIdFor(ctx.state.sessionToken),
      );
      if (!result.ok) {
        logger.info({ event: 'login', step: 'passkey', outcome: 'failure', ...clientOf(ctx) }, 'passkey refused');
        throw secondFactorError(result);
      }
      const user = await User.query(db).findById(result.userId);
      if (!user) throw secondFactorError({ ok: false, reason: 'challenge_invalid' });
      await startSession(ctx, db, clock, user);
      logger.info(
        { event: 'login', step: 'passkey', outcome: 'success', userId: user.id, ...clientOf(ctx) },
        'logged in',
      );
      ctx.body = { user: serializeUser(user.toCurrentUser()) };
    });
  }

  /** "Confirm it's you": password, plus a second factor when the member has one. */
  router.post('/session/confirm', async (ctx) => {
    const current = requireUser(ctx);
    const { password, method, token } = parseBody(ctx, confirmBody);
    const user = await User.query(db).findById(current.id);
    if (!user || !(await checkPassword(ctx, { userId: current.id }, user.password_hash, password))) {
      logger.info({ event: 'confirm', outcome: 'failure', userId: current.id, ...clientOf(ctx) }, 'confirm refused');
      throw new HttpError(401, HostErrorCode.invalidCredentials, t('forum.errors.wrong_password'));
    }
    const second = await checkSecondFactorIfAny(services, ctx, current, { method, token });
    if (!second.ok) throw secondFactorError(second);
    const confirmedAt = await markRecentAuth(ctx, db, clock);
    logger.info({ event: 'confirm', outcome: 'success', userId: current.id, ...clientOf(ctx) }, 'identity confirmed');
    // The code was just used up: the action waiting for it takes this grant instead.
    const grant =
      second.checked && ctx.state.session.id ? await issueSecondFactorGrant(db, clock, ctx.state.session.id) : null;
    ctx.body = { confirmedAt: confirmedAt.toISOString(), ...(grant ? { secondFactorGrant: grant } : {}) };
  });

  router.delete('/session', async (ctx) => {
    const userId = ctx.state.currentUser?.id ?? null;
    await endSession(ctx, db);
    if (userId !== null) logger.info({ event: 'logout', userId, ...clientOf(ctx) }, 'logged out');
    ctx.status = 204;
  });
}
