import { z } from 'zod';
import type { CurrentUser } from 'forum-plugin-api/server';
import type { ForumServices } from '../forum-services.js';
import { HostErrorCode, HttpError } from '../errors.js';
import { requireAdmin } from '../http/guards.js';
import { idParam, parseBody, parseInput } from '../http/parse.js';
import type { HostRouter } from '../http/host-state.js';
import { serializeUser } from '../models/user.js';
import { logAdminAction } from '../admin/admin-actions.js';
import { requireRecentAuth } from '../sessions/recent-auth.js';
import { t } from '../i18n.js';

const listQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const PER_PAGE = 50;

/** Finding members: the admin's way to a member's page (`/admin/users/:id`). */
export function adminUserRoutes(
  router: HostRouter,
  { db, users, attemptLimits, settings, clock }: ForumServices,
): void {
  async function findMember(ctx: { params: Record<string, string> }): Promise<CurrentUser> {
    const user = await users.find(idParam(ctx));
    if (!user) throw new HttpError(404, HostErrorCode.notFound, t('forum.errors.member_not_found'));
    return user;
  }

  router.get('/admin/users', async (ctx) => {
    requireAdmin(ctx);
    const { q, page } = parseInput(listQuery, ctx.query);
    const found = await users.list({ search: q, page, perPage: PER_PAGE });
    ctx.body = { ...found, users: found.users.map(serializeUser) };
  });

  /** The member, and until when wrong passwords or codes lock their account (null: not locked). */
  router.get('/admin/users/:id', async (ctx) => {
    requireAdmin(ctx);
    const user = await findMember(ctx);
    const lockedUntil = await attemptLimits.lockedUntil(user.id);
    ctx.body = { user: serializeUser(user), lockedUntil: lockedUntil?.toISOString() ?? null };
  });

  /** Clears a lockout, e.g. one an attacker caused; the admin's recent full login is needed. */
  router.post('/admin/users/:id/unlock', async (ctx) => {
    const admin = requireAdmin(ctx);
    parseBody(ctx, z.strictObject({}));
    const user = await findMember(ctx);
    await requireRecentAuth(ctx, settings, clock, t('forum.errors.recent_auth_required.unlock'));
    const wasLockedUntil = await attemptLimits.lockedUntil(user.id);
    await attemptLimits.unlock(user.id);
    await logAdminAction(db, {
      actorId: admin.id,
      action: 'member_unlocked',
      subject: user.username,
      details: { userId: user.id, wasLockedUntil: wasLockedUntil?.toISOString() ?? null },
      ip: ctx.ip,
    });
    ctx.status = 204;
  });
}
