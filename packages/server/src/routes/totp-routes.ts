import { z } from 'zod';
import type { ForumContext, ForumRouter, ServerPluginApi } from 'forum-plugin-api/server';
import { DEFAULT_AUTHENTICATOR_NAME, SecondFactorErrorCode, type EnabledAuthenticator } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import { normalizeTotpToken } from '../totp/totp-algorithm.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import { serializeAuthenticator } from './serializers.js';
import { parse, parseBody } from './parse.js';

const authenticatorName = z
  .string()
  .trim()
  .min(1, 'Give the authenticator a name.')
  .max(50, 'Names have at most 50 characters.')
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'Names cannot contain control characters.');

const createBody = z.strictObject({ name: authenticatorName.optional() });
const enableBody = z.strictObject({ token: z.string().max(20), name: authenticatorName.optional() });
const renameBody = z.strictObject({ name: authenticatorName });
const idParam = z.coerce.number().int().positive().max(2 ** 31 - 1);

export interface TotpRouteHooks {
  /** Called after a member's first authenticator is enabled: returns the first batch of backup codes, if any. */
  firstBatchFor?(ctx: ForumContext, userId: number): Promise<string[] | undefined>;
}

export function totpRoutes(router: ForumRouter, api: ServerPluginApi, totp: TotpAuthenticators, hooks: TotpRouteHooks = {}): void {
  router.post('/u/me/second-factors/totp', async (ctx) => {
    const user = api.requireUser(ctx);
    const { name } = parseBody(api, createBody, ctx);
    await requireRecentAuth(api, ctx);
    ctx.status = 201;
    ctx.body = await totp.createPending(ctx, user, name ?? DEFAULT_AUTHENTICATOR_NAME);
  });

  router.post('/u/me/second-factors/totp/:id/enable', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = parse(api, idParam, ctx.params.id);
    const body = parseBody(api, enableBody, ctx);
    await requireRecentAuth(api, ctx);
    const token = normalizeTotpToken(body.token);
    if (!token) throw api.httpError(400, SecondFactorErrorCode.invalidTokenFormat, 'Enter the 6-digit code from your authenticator app.');
    const { row, first } = await totp.enable(ctx, user, id, token, body.name);
    const response: EnabledAuthenticator = { totp: serializeAuthenticator(row) };
    const backupCodes = first ? await hooks.firstBatchFor?.(ctx, user.id) : undefined;
    if (backupCodes) response.backupCodes = backupCodes;
    ctx.body = response;
  });

  router.put('/u/me/second-factors/totp/:id', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = parse(api, idParam, ctx.params.id);
    const { name } = parseBody(api, renameBody, ctx);
    ctx.body = { totp: serializeAuthenticator(await totp.rename(ctx, user, id, name)) };
  });

  router.delete('/u/me/second-factors/totp/:id', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = parse(api, idParam, ctx.params.id);
    await requireRecentAuth(api, ctx);
    await totp.remove(ctx, user, id);
    ctx.status = 204;
  });
}
