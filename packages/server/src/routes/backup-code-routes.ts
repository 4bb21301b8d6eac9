import { z } from 'zod';
import type { ForumRouter, SecondFactorProvider, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode, SecondFactorMethod, type SecondFactorMethodName } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import { parseBody } from './parse.js';

/** A current code, or the grant "confirm it's you" handed over for the code it just used up. */
const createBody = z
  .strictObject({
    method: z.enum([SecondFactorMethod.totp, SecondFactorMethod.backupCode]).optional(),
    token: z.string().min(1, 'Enter a code.').max(100).optional(),
    secondFactorGrant: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'The grant is malformed.').optional(),
  })
  .transform((body, ctx): { grant: string } | { method: SecondFactorMethodName; token: string } => {
    const { method, token, secondFactorGrant: grant } = body;
    if (grant !== undefined && method === undefined && token === undefined) return { grant };
    if (grant === undefined && method !== undefined && token !== undefined) return { method, token };
    ctx.addIssue({ code: 'custom', message: 'Enter a code (method and token), or send the grant from "confirm it\'s you" alone.' });
    return z.NEVER;
  });

export function backupCodeRoutes(router: ForumRouter, api: ServerPluginApi, backupCodes: BackupCodes, totp: TotpAuthenticators, provider: SecondFactorProvider): void {
  async function requireFeature() {
    if (!(await backupCodes.featureEnabled())) {
      throw api.httpError(403, SecondFactorErrorCode.backupCodesDisabled, 'Backup codes are switched off on this forum.');
    }
  }

  /** New codes need the recent-auth window and a current second factor in the same request. */
  router.post('/u/me/backup-codes', async (ctx) => {
    const user = api.requireUser(ctx);
    const body = parseBody(api, createBody, ctx);
    await requireFeature();
    if ((await totp.enabledFor(user.id)).length === 0) {
      throw api.httpError(409, SecondFactorErrorCode.authenticatorRequired, 'Set up an authenticator app first: backup codes recover it.');
    }
    await requireRecentAuth(api, ctx);
    if ('grant' in body) {
      if (!(await api.consumeSecondFactorGrant(ctx, body.grant))) {
        throw api.httpError(401, SecondFactorErrorCode.grantInvalid, 'That confirmation has expired. Enter a code from your authenticator app.');
      }
    } else {
      if (!(await provider.methodsFor(user)).includes(body.method)) {
        throw api.httpError(400, SecondFactorErrorCode.methodNotAvailable, 'You have no backup codes left: use your authenticator app.');
      }
      await provider.verify(ctx, user, body.method, body.token, 'confirm');
    }
    ctx.status = 201;
    ctx.body = { backupCodes: await backupCodes.createBatch(ctx, user.id) };
  });

  /** Allowed while the feature is off too: members can always remove what is stored about them. */
  router.delete('/u/me/backup-codes', async (ctx) => {
    const user = api.requireUser(ctx);
    await requireRecentAuth(api, ctx);
    await backupCodes.remove(ctx, user.id);
    ctx.status = 204;
  });
}
