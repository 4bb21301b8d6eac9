import { z } from 'zod';
import type { ForumRouter } from 'forum-plugin-api/server';
import type { RecoveredSecondFactors } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import type { PluginApi } from '../plugin-types.js';
import { recoverSecondFactors } from '../recovery/recover-second-factors.js';
import { refusalError } from './refusals.js';
import { t } from '../i18n.js';

const factorIds = z.array(z.number().int().positive()).max(20);

/** At least one factor: without one, "create new backup codes" (with a current code) is the way. */
const recoverBody = z
  .strictObject({ removeAuthenticatorIds: factorIds, removeSecurityKeyIds: factorIds.optional() })
  .refine((body) => body.removeAuthenticatorIds.length + (body.removeSecurityKeyIds?.length ?? 0) > 0, {
    error: () => t('second_factor.input.recover_nothing_chosen'),
  });

/** "Lost your phone?": one confirmed step after a backup-code login, or later from the security page. */
export function recoveryRoutes(router: ForumRouter, api: PluginApi, backupCodes: BackupCodes): void {
  router.post('/u/me/second-factors/recover', async (ctx) => {
    const user = api.requireUser(ctx);
    const body = api.parseBody(ctx, recoverBody);
    const request = await api.request(ctx);
    // The new sheet is the point of the step: with backup codes off, the member removes factors one by one.
    if (!backupCodes.featureEnabled(request.settings))
      throw refusalError(api, { ok: false, reason: 'backup_codes_disabled' });
    // Right after a backup-code login the window is open; later, "confirm it's you" opens it.
    await requireRecentAuth(api, ctx);
    const outcome = await recoverSecondFactors(api, backupCodes, request, {
      userId: user.id,
      sessionId: ctx.state.session.id ?? '',
      authenticatorIds: body.removeAuthenticatorIds,
      securityKeyIds: body.removeSecurityKeyIds ?? [],
    });
    if (!outcome.ok) throw refusalError(api, outcome);
    const recovered: RecoveredSecondFactors = outcome.recovered;
    ctx.body = recovered;
  });
}
