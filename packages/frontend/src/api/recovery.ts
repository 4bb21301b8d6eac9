/**
 * "Lost your phone?": the one request that removes the chosen factors, signs out the member's
 * other sessions and trusted browsers, and hands over a new sheet (or, with no factor left,
 * says a new one must be set up). Needs the recent-login window (`withRecentAuth` or the
 * inline "confirm it's you").
 */
import type { RecoveredSecondFactors } from '@second-factor/core';
import type { PluginApi } from 'forum-plugin-api/frontend';

export interface RecoveryChoice {
  removeAuthenticatorIds: readonly number[];
  removeSecurityKeyIds: readonly number[];
}

export function recoverSecondFactors(api: PluginApi, choice: RecoveryChoice): Promise<RecoveredSecondFactors> {
  return api.request<RecoveredSecondFactors>('POST', '/api/u/me/second-factors/recover', {
    removeAuthenticatorIds: [...choice.removeAuthenticatorIds],
    removeSecurityKeyIds: [...choice.removeSecurityKeyIds],
  });
}
