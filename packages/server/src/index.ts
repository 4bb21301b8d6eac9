import type { ServerPlugin } from 'forum-plugin-api/server';
import { AttemptLimiter } from './auth/attempt-limiter.js';
import { secondFactorProvider } from './auth/second-factor-provider.js';
import { backupCodesStatus } from './backup-codes/backup-codes-status.js';
import { migrations } from './migrations/index.js';
import { statusRoutes } from './routes/status-routes.js';
import { totpRoutes } from './routes/totp-routes.js';
import { TotpAuthenticators } from './totp/totp-authenticators.js';

/**
 * The two-factor plugin's server half. The host runs `migrations` with its own, then calls
 * `register(api)` once at start-up (a Discourse plugin's `after_initialize`).
 */
const secondFactorPlugin: ServerPlugin = {
  migrations,
  register(api) {
    const totp = new TotpAuthenticators(api);
    const limiter = new AttemptLimiter(api);
    api.onShutdown(() => limiter.close());
    api.registerSecondFactorProvider(secondFactorProvider(api, totp, limiter));
    api.addRoutes((router) => {
      statusRoutes(router, api, totp, {
        backupCodesStatus: async (userId) => backupCodesStatus(api.db, userId, (await api.siteSettings.get('backup_codes_enabled')) === true),
      });
      totpRoutes(router, api, totp);
    });
  },
};

export default secondFactorPlugin;
