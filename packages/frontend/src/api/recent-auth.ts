import { SecondFactorErrorCode } from '@second-factor/core';
import ConfirmIdentityModal from '../components/confirm-identity-modal.gts';
import { hasErrorCode } from '../utils/error-message.ts';
import type { PluginApi } from 'forum-plugin-api/frontend';

/**
 * Which second factors the member has, so "confirm it's you" asks for one they can give: the
 * app's code, or their security key (first when it is their only factor). Neither: the password alone.
 */
export interface SecondFactorKinds {
  authenticator: boolean;
  securityKey: boolean;
}

/** A member without a second factor (or an admin whose own the server will ask for if needed). */
export const NO_SECOND_FACTOR: SecondFactorKinds = Object.freeze({ authenticator: false, securityKey: false });

/** Show "Confirm it's you" and wait: true once confirmed, false if the member cancelled. */
export function askToConfirmIdentity(api: PluginApi, factors: SecondFactorKinds): Promise<boolean> {
  return new Promise((settle) => api.showModal(ConfirmIdentityModal, { factors, settle }));
}

/**
 * Run a sensitive action; when the server answers `recent_auth_required` (the member's last
 * full login is too old), ask them to confirm it's them and run it once more. Resolves with
 * the action's result, or `null` when they cancelled. Other errors reject as they came.
 */
export async function withRecentAuth<Result>(
  api: PluginApi,
  factors: SecondFactorKinds,
  action: () => Promise<Result>,
): Promise<Result | null> {
  try {
    return await action();
  } catch (error) {
    if (!hasErrorCode(error, SecondFactorErrorCode.recentAuthRequired)) throw error;
  }
  if (!(await askToConfirmIdentity(api, factors))) return null;
  return action();
}
