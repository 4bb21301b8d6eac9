import { z } from 'zod';
import type { ForumRouter } from 'forum-plugin-api/server';
import { DEFAULT_AUTHENTICATOR_NAME, type EnabledAuthenticator } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import type { ChangeSource, PluginApi } from '../plugin-types.js';
import { normalizeTotpToken } from '../totp/totp-algorithm.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import { refusalError } from './refusals.js';
import { serializeAuthenticator } from './serializers.js';
import { t } from '../i18n.js';

const authenticatorName = z
  .string()
  .trim()
  .min(1, { error: () => t('second_factor.input.name_required_authenticator') })
  .max(50, { error: () => t('second_factor.input.name_too_long') })
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), { error: () => t('second_factor.input.name_control_characters') });

const createBody = z.strictObject({ name: authenticatorName.optional() });
const enableBody = z.strictObject({ token: z.string().max(20), name: authenticatorName.optional() });
const renameBody = z.strictObject({ name: authenticatorName });

export interface TotpRouteHooks {
  /** Called after a member's first authenticator is enabled: returns the first batch of backup codes, if any. */
  firstBatchFor?(from: ChangeSource, userId: number): Promise<string[] | undefined>;
}

export function totpRoutes(
  router: ForumRouter,
  api: PluginApi,
  totp: TotpAuthenticators,
  hooks: TotpRouteHooks = {},
): void {
  router.post('/u/me/second-factors/totp', async (ctx) => {
    const user = api.requireUser(ctx);
    const { name } = api.parseBody(ctx, createBody);
    await requireRecentAuth(api, ctx);
    ctx.status = 201;
    ctx.body = await totp.createPending(await api.request(ctx), user, name ?? DEFAULT_AUTHENTICATOR_NAME);
  });

  router.post('/u/me/second-factors/totp/:id/enable', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = api.idParam(ctx);
    const body = api.parseBody(ctx, enableBody);
    await requireRecentAuth(api, ctx);
    const token = normalizeTotpToken(body.token);
    if (!token) throw refusalError(api, { ok: false, reason: 'malformed', method: 'totp' });
    const request = await api.request(ctx);
    const enabled = await totp.enable(request, user, id, token, body.name);
    if (!enabled.ok) throw refusalError(api, enabled);
    const response: EnabledAuthenticator = { totp: serializeAuthenticator(enabled.row) };
    const backupCodes = enabled.first ? await hooks.firstBatchFor?.(request, user.id) : undefined;
    if (backupCodes) response.backupCodes = backupCodes;
    ctx.body = response;
  });

  router.put('/u/me/second-factors/totp/:id', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = api.idParam(ctx);
    const { name } = api.parseBody(ctx, renameBody);
    const renamed = await totp.rename(await api.request(ctx), user, id, name);
    if (!renamed.ok) throw refusalError(api, renamed);
    ctx.body = { totp: serializeAuthenticator(renamed.row) };
  });

  router.delete('/u/me/second-factors/totp/:id', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = api.idParam(ctx);
    await requireRecentAuth(api, ctx);
    const removed = await totp.remove(await api.request(ctx), user, id);
    if (!removed.ok) throw refusalError(api, removed);
    ctx.status = 204;
  });
}
