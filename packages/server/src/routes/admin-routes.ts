import { z } from 'zod';
import type { ForumRouter } from 'forum-plugin-api/server';
import { METHOD_COLUMN, SecondFactorEvent, type MemberSecondFactors } from '@second-factor/core';
import { enforcementEnrolment } from '../admin/enforcement-enrolment.js';
import { resetSecondFactors } from '../admin/reset-second-factors.js';
import { requireRecentAuth } from '../auth/recent-auth.js';
import { listEvents } from '../events/list-events.js';
import type { PluginApi } from '../plugin-types.js';
import type { SecurityKeys } from '../webauthn/security-keys.js';
import { refusalError } from './refusals.js';
import { serializeSecurityKey } from './serializers.js';

const eventNames = Object.values(SecondFactorEvent) as [string, ...string[]];
const eventsQuery = z.strictObject({
  username: z.string().trim().min(1).max(20).optional(),
  event: z.enum(eventNames).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
/** The enrolment counts take no input: anything in the query string is a mistake, said as one. */
const enrolmentQuery = z.strictObject({});

/** What admins need to run the feature: a member's second-factor summary, the reset, the audit log. */
export function adminRoutes(router: ForumRouter, api: PluginApi, keys: SecurityKeys): void {
  async function memberOr404(ctx: { params: Record<string, string> }) {
    const member = await api.users.find(api.idParam(ctx));
    if (!member) throw refusalError(api, { ok: false, reason: 'member_not_found' });
    return member;
  }

  router.get('/admin/users/:id/second-factors', async (ctx) => {
    api.requireAdmin(ctx);
    const member = await memberOr404(ctx);
    const rows: { method: number; enabled: boolean; last_used_at: Date | null }[] = await api
      .db('user_second_factors')
      .where({ user_id: member.id })
      .whereNull('replaced_at')
      .select('method', 'enabled', 'last_used_at');
    const securityKeys = (await keys.of(member.id)).map(serializeSecurityKey);
    const authenticators = rows.filter((r) => r.method === METHOD_COLUMN.totp && r.enabled).length;
    const lastUsed = rows
      .map((r) => r.last_used_at)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    const summary: MemberSecondFactors = {
      enabled: authenticators + securityKeys.length > 0,
      authenticators,
      securityKeys,
      backupCodesRemaining: rows.filter((r) => r.method === METHOD_COLUMN.backup_code && r.enabled).length,
      lastUsedAt: lastUsed ? lastUsed.toISOString() : null,
    };
    ctx.body = summary;
  });

  /** Needs the admin's own recent authentication: resetting someone's 2FA is as sensitive as one's own. */
  router.post('/admin/users/:id/second-factors/reset', async (ctx) => {
    const admin = api.requireAdmin(ctx);
    const member = await memberOr404(ctx);
    await requireRecentAuth(api, ctx);
    const from = await api.request(ctx);
    const { removed, sessionsEnded } = await resetSecondFactors(api, api.db, {
      userId: member.id,
      actorId: admin.id,
      from,
      sessionId: ctx.state.session.id,
      via: 'admin',
    });
    api.logger.info(
      { event: 'second_factors_reset', actorId: admin.id, userId: member.id, removed, sessionsEnded },
      'second factors reset by an admin',
    );
    ctx.body = { removed };
  });

  /** How many of the members enforcement applies to have a second factor, are in their grace, or are past it. */
  router.get('/admin/second-factors/enrolment', async (ctx) => {
    api.requireAdmin(ctx);
    api.parse(enrolmentQuery, ctx.query);
    ctx.body = await enforcementEnrolment(api, (await api.request(ctx)).settings);
  });

  router.get('/admin/second-factor-events', async (ctx) => {
    api.requireAdmin(ctx);
    const query = api.parse(eventsQuery, ctx.query);
    ctx.body = await listEvents(api.db, api.users, {
      username: query.username,
      event: query.event,
      page: query.page,
      perPage: 50,
    });
  });
}
