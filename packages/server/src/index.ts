import type { ServerPlugin } from 'forum-plugin-api/server';
import { SecondFactorAttempts } from './auth/second-factor-attempts.js';
import { secondFactorProvider } from './auth/second-factor-provider.js';
import { BackupCodes } from './backup-codes/backup-codes.js';
import { migrations } from './migrations/index.js';
import { enforcementMiddleware } from './admin/enforcement.js';
import { reset2faCommand } from './admin/reset-2fa-command.js';
import { adminRoutes } from './routes/admin-routes.js';
import { backupCodeRoutes } from './routes/backup-code-routes.js';
import { statusRoutes } from './routes/status-routes.js';
import { totpRoutes } from './routes/totp-routes.js';
import { TotpAuthenticators } from './totp/totp-authenticators.js';

export { backupCodeHashEvaluations } from './backup-codes/backup-code-hashing.js';

/**
 * The two-factor plugin's server half. The host runs `migrations` with its own, then calls
 * `register(api)` once at start-up (a Discourse plugin's `after_initialize`).
 */
const secondFactorPlugin: ServerPlugin = {
  migrations,
  register(api) {
    const totp = new TotpAuthenticators(api);
    const backupCodes = new BackupCodes(api);
    const provider = secondFactorProvider(api, totp, backupCodes, new SecondFactorAttempts(api));
    api.registerSecondFactorProvider(provider);
    api.addApiMiddleware(enforcementMiddleware(api, totp));
    api.addCliCommand(reset2faCommand(api));
    api.addRoutes((router) => {
      statusRoutes(router, api, totp, backupCodes);
      adminRoutes(router, api);
      totpRoutes(router, api, totp, {
        // Right after the first authenticator, the member gets their recovery codes at once.
        firstBatchFor: async (ctx, userId) =>
          (await backupCodes.featureEnabled()) && !(await backupCodes.hasAny(userId)) ? backupCodes.createBatch(ctx, userId) : undefined,
      });
      backupCodeRoutes(router, api, backupCodes, totp, provider);
    });
  },
};

export default secondFactorPlugin;
