import { SecondFactorErrorCode } from '@second-factor/core';
import ConfirmIdentityModal from '../components/confirm-identity-modal.gts';
import { hasErrorCode } from '../utils/error-message.ts';
import type { PluginApi } from 'forum-plugin-api/frontend';

/** Show "Confirm it's you" and wait: true once confirmed, false if the member cancelled. */
export function askToConfirmIdentity(api: PluginApi, hasAuthenticator: boolean): Promise<boolean> {
  return new Promise((settle) => api.showModal(ConfirmIdentityModal, { hasAuthenticator, settle }));
}

/**
 * Run a sensitive action; when the server answers `recent_auth_required` (the member's last
 * full login is too old), ask them to confirm it's them and run it once more. Resolves with
 * the action's result, or `null` when they cancelled. Other errors reject as they came.
 */
export async function withRecentAuth<Result>(
  api: PluginApi,
  hasAuthenticator: boolean,
  action: () => Promise<Result>,
): Promise<Result | null> {
  try {
    return await action();
  } catch (error) {
    if (!hasErrorCode(error, SecondFactorErrorCode.recentAuthRequired)) throw error;
  }
  if (!(await askToConfirmIdentity(api, hasAuthenticator))) return null;
  return action();
}
