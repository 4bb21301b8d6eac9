import { z } from 'zod';
import type { ForumRouter, SecondFactorProvider, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode, SecondFactorMethod } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import { parseBody } from './parse.js';

const createBody = z.strictObject({
  method: z.enum([SecondFactorMethod.totp, SecondFactorMethod.backupCode]),
  token: z.string().min(1, 'Enter a code.').max(100),
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
    const { method, token } = parseBody(api, createBody, ctx);
    await requireFeature();
    if ((await totp.enabledFor(user.id)).length === 0) {
      throw api.httpError(409, SecondFactorErrorCode.authenticatorRequired, 'Set up an authenticator app first: backup codes recover it.');
    }
    await requireRecentAuth(api, ctx);
    if (!(await provider.methodsFor(user)).includes(method)) {
      throw api.httpError(400, SecondFactorErrorCode.methodNotAvailable, 'You have no backup codes left: use your authenticator app.');
    }
    await provider.verify(ctx, user, method, token, 'confirm');
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
