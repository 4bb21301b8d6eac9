import type { ForumServices } from '../forum-services.js';
import { HostErrorCode, HttpError } from '../errors.js';
import { requireUser } from '../http/guards.js';
import type { HostRouter } from '../http/host-state.js';
import { idParam } from '../http/parse.js';
import { utcMinute } from '../mail/mail-layout.js';
import { queueMemberMail } from '../mail/mail-outbox.js';
import { DEVICE_COOKIE, endTrustedDevices, trustedDevicesOf } from '../sessions/known-devices.js';
import { t } from '../i18n.js';

/**
 * The member's trusted browsers ("Trust this browser" at the login's second step), listed and
 * ended in Preferences → Security. Ending trust needs no "confirm it's you": it only makes
 * logging in stricter, and an intruder in the session gains nothing by it. The device rows stay
 * (the lockout exemption is not trust).
 */
export function trustedDeviceRoutes(router: HostRouter, { db, clock, logger, settings }: ForumServices): void {
  router.get('/u/me/trusted-devices', async (ctx) => {
    const current = requireUser(ctx);
    const days = await settings.get('second_factor_trusted_device_days');
    const devices = await trustedDevicesOf(db, current.id, clock.now(), days, ctx.cookies.get(DEVICE_COOKIE));
    ctx.body = {
      devices: devices.map(({ id, label, createdAt, lastUsedAt, current }) => ({
        id,
        label,
        createdAt,
        lastUsedAt,
        current,
      })),
    };
  });

  /** "Stop trusting" one browser: its next login asks for the second step again. */
  router.delete('/u/me/trusted-devices/:id', async (ctx) => {
    const current = requireUser(ctx);
    const ended = await endTrustedDevices(db, clock.now(), current.id, { deviceId: idParam(ctx) });
    if (ended === 0) throw new HttpError(404, HostErrorCode.notFound, t('forum.errors.trusted_device_not_found'));
    logger.info(
      { event: 'trusted_device_ended', userId: current.id, reason: 'member', ip: ctx.ip },
      'member stopped trusting a browser',
    );
    ctx.status = 204;
  });

  /** "Stop trusting all": every browser asks for the second step again; the member is told by mail. */
  router.delete('/u/me/trusted-devices', async (ctx) => {
    const current = requireUser(ctx);
    await db.transaction(async (trx) => {
      const ended = await endTrustedDevices(trx, clock.now(), current.id);
      if (ended === 0) return;
      await queueMemberMail(trx, logger, {
        userId: current.id,
        subject: t('forum.mail.trusted_devices_ended.subject', { forum: String(await settings.get('title', trx)) }),
        text: `${t('forum.mail.trusted_devices_ended.text', { count: ended, at: utcMinute(clock.now()) })}\n\n${t('forum.mail.trusted_devices_ended.closing')}`,
      });
      logger.info(
        { event: 'trusted_devices_ended', userId: current.id, reason: 'member', count: ended, ip: ctx.ip },
        'member stopped trusting all browsers',
      );
    });
    ctx.status = 204;
  });
}
