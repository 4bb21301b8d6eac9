import type { ServerPlugin } from 'forum-plugin-api/server';
import { SecondFactorAttempts } from './auth/second-factor-attempts.js';
import { secondFactorProvider } from './auth/second-factor-provider.js';
import { SecondFactorVerifier } from './auth/second-factor-verifier.js';
import { BackupCodes } from './backup-codes/backup-codes.js';
import { migrations } from './migrations/index.js';
import { enforcementMiddleware } from './admin/enforcement.js';
import { reset2faCommand } from './admin/reset-2fa-command.js';
import type { ChangeSource, SecondFactorSettings } from './plugin-types.js';
import { adminRoutes } from './routes/admin-routes.js';
import { backupCodeRoutes } from './routes/backup-code-routes.js';
import { recoveryRoutes } from './routes/recovery-routes.js';
import { statusRoutes } from './routes/status-routes.js';
import { totpRoutes } from './routes/totp-routes.js';
import { TotpAuthenticators } from './totp/totp-authenticators.js';
import { SecurityKeys } from './webauthn/security-keys.js';
import { webauthnRoutes } from './webauthn/webauthn-routes.js';

export { backupCodeHashEvaluations } from './backup-codes/backup-code-hashing.js';

/**
 * The two-factor plugin's server half. The host runs `migrations` with its own, then calls
 * `register(api)` once at start-up (a Discourse plugin's `after_initialize`).
 */
const secondFactorPlugin: ServerPlugin<SecondFactorSettings> = {
  migrations,
  register(api) {
    const totp = new TotpAuthenticators(api);
    const backupCodes = new BackupCodes(api);
    const keys = new SecurityKeys(api);
    const verifier = new SecondFactorVerifier(api, totp, backupCodes, new SecondFactorAttempts(api), keys);
    api.registerSecondFactorProvider(secondFactorProvider(verifier, keys));
    api.addApiMiddleware(enforcementMiddleware(api, verifier));
    api.addCliCommand(reset2faCommand(api));
    // What a member whom enforcement holds can still reach: their own security preferences.
    api.addRoutes(
      (router) => {
        statusRoutes(router, api, totp, backupCodes, keys, verifier);
        // Right after the first second factor (an app or a key), the member gets their recovery codes at once.
        const firstBatch = {
          firstBatchFor: async (from: ChangeSource, userId: number) =>
            backupCodes.featureEnabled(from.settings) && !(await backupCodes.hasAny(userId))
              ? backupCodes.createBatch(from, userId)
              : undefined,
        };
        totpRoutes(router, api, totp, firstBatch);
        webauthnRoutes(router, api, keys, firstBatch);
        backupCodeRoutes(router, api, backupCodes, totp, verifier);
        recoveryRoutes(router, api, backupCodes);
      },
      { allowDuringSetup: true },
    );
    api.addRoutes((router) => adminRoutes(router, api, keys));
  },
};

export default secondFactorPlugin;
