import type { ForumRouter } from 'forum-plugin-api/server';
import type { SecondFactorsStatus } from '@second-factor/core';
import { setupDemandFor, type SecondFactorPresence } from '../admin/enforcement.js';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import { listEvents } from '../events/list-events.js';
import type { PluginApi } from '../plugin-types.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import type { SecurityKeys } from '../webauthn/security-keys.js';
import { serializeAuthenticator, serializeSecurityKey } from './serializers.js';

/** What the member sees of their own second factors and their history: never a secret or a code. */
export function statusRoutes(
  router: ForumRouter,
  api: PluginApi,
  totp: TotpAuthenticators,
  backupCodes: BackupCodes,
  keys: SecurityKeys,
  factors: SecondFactorPresence,
): void {
  router.get('/u/me/second-factors', async (ctx) => {
    const user = api.requireUser(ctx);
    const { settings } = await api.request(ctx);
    const until = await api.recentAuthUntil(ctx);
    const demand = await setupDemandFor(api, settings, factors, user);
    const status: SecondFactorsStatus = {
      totp: (await totp.enabledFor(user.id)).map(serializeAuthenticator),
      webauthn: (await keys.of(user.id)).map(serializeSecurityKey),
      backupCodes: await backupCodes.status(user.id, settings),
      recentAuthUntil: until ? until.toISOString() : null,
      setupRequired: demand.setupRequired,
      setupDeadline: demand.setupDeadline ? demand.setupDeadline.toISOString() : null,
    };
    ctx.body = status;
  });

  router.get('/u/me/second-factor-events', async (ctx) => {
    const user = api.requireUser(ctx);
    ctx.body = await listEvents(api.db, api.users, { userId: user.id, page: 1, perPage: 20 });
  });
}
