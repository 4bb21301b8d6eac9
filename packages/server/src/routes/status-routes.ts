import type { ForumRouter, ServerPluginApi } from 'forum-plugin-api/server';
import type { BackupCodesStatus, SecondFactorsStatus } from '@second-factor/core';
import { setupRequiredFor } from '../admin/enforcement.js';
import { recentAuthUntil } from '../auth/recent-auth.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import { serializeAuthenticator } from './serializers.js';

export interface StatusSources {
  status(userId: number): Promise<BackupCodesStatus>;
}

/** `GET /api/u/me/second-factors`: what the member has, never a secret or a code. */
export function statusRoutes(router: ForumRouter, api: ServerPluginApi, totp: TotpAuthenticators, sources: StatusSources): void {
  router.get('/u/me/second-factors', async (ctx) => {
    const user = api.requireUser(ctx);
    const until = await recentAuthUntil(api, ctx);
    const status: SecondFactorsStatus = {
      totp: (await totp.enabledFor(user.id)).map(serializeAuthenticator),
      backupCodes: await sources.status(user.id),
      recentAuthUntil: until ? until.toISOString() : null,
      setupRequired: await setupRequiredFor(api, totp, user),
    };
    ctx.body = status;
  });
}
