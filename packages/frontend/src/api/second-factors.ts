/**
 * The plugin's HTTP calls, one function each, so paths and body shapes live in one place.
 * They go through the host's `PluginApi.request` (CSRF, errors as `PluginApiError`). Only the
 * plugin's own routes: the host's session steps (the login's second step, "confirm it's you")
 * are the plugin API's `session` calls.
 */
import type {
  AuthenticatorSummary,
  EnabledAuthenticator,
  PendingAuthenticator,
  SecondFactorsStatus,
} from '@second-factor/core';
import type { SecondFactorMethodName } from '@second-factor/core';
import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import type { PluginApi } from 'forum-plugin-api/frontend';

export function loadSecondFactors(api: PluginApi): Promise<SecondFactorsStatus> {
  return api.request<SecondFactorsStatus>('GET', '/api/u/me/second-factors');
}

/** Starts an authenticator (pending until `enableAuthenticator` proves the app has it). */
export function createAuthenticator(api: PluginApi): Promise<PendingAuthenticator> {
  return api.request<PendingAuthenticator>('POST', '/api/u/me/second-factors/totp', {});
}

export function enableAuthenticator(
  api: PluginApi,
  id: number,
  token: string,
  name: string,
): Promise<EnabledAuthenticator> {
  const body = name.trim() === '' ? { token } : { token, name: name.trim() };
  return api.request<EnabledAuthenticator>('POST', `/api/u/me/second-factors/totp/${id}/enable`, body);
}

export async function renameAuthenticator(api: PluginApi, id: number, name: string): Promise<AuthenticatorSummary> {
  const { totp } = await api.request<{ totp: AuthenticatorSummary }>('PUT', `/api/u/me/second-factors/totp/${id}`, {
    name: name.trim(),
  });
  return totp;
}

export async function removeAuthenticator(api: PluginApi, id: number): Promise<void> {
  await api.request<undefined>('DELETE', `/api/u/me/second-factors/totp/${id}`);
}

/**
 * A new batch of backup codes, replacing the old one. The proof shows the member holds a
 * second factor right now: a code (the authenticator's, or one of their current backup codes),
 * the security key's signed challenge (`AuthenticationResponseJSON`, with `method: "webauthn"`),
 * or the grant "confirm it's you" returned for the answer it has just used.
 * The codes come back formatted, in sheet order, and the server never shows them again.
 */
export type SecondFactorProof =
  { method: SecondFactorMethodName; token: string | AuthenticationResponseJSON } | { secondFactorGrant: string };

export async function createBackupCodes(api: PluginApi, proof: SecondFactorProof): Promise<readonly string[]> {
  const { backupCodes } = await api.request<{ backupCodes: string[] }>('POST', '/api/u/me/backup-codes', proof);
  return backupCodes;
}

export async function removeBackupCodes(api: PluginApi): Promise<void> {
  await api.request<undefined>('DELETE', '/api/u/me/backup-codes');
}
