/**
 * The plugin's security-key (WebAuthn) calls. The browser's half — the prompt — is
 * @simplewebauthn/browser's `startRegistration` / `startAuthentication`, given the options
 * these return; the answers go back as they came.
 */
import type { RegisteredSecurityKey, SecurityKeySummary } from '@second-factor/core';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { PluginApi } from 'forum-plugin-api/frontend';

export function securityKeyRegistrationOptions(api: PluginApi): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return api.request<PublicKeyCredentialCreationOptionsJSON>(
    'POST',
    '/api/u/me/second-factors/webauthn/registration-options',
    {},
  );
}

export function registerSecurityKey(
  api: PluginApi,
  response: RegistrationResponseJSON,
  name: string,
): Promise<RegisteredSecurityKey> {
  const body = name.trim() === '' ? { response } : { response, name: name.trim() };
  return api.request<RegisteredSecurityKey>('POST', '/api/u/me/second-factors/webauthn', body);
}

export async function renameSecurityKey(api: PluginApi, id: number, name: string): Promise<SecurityKeySummary> {
  const { webauthn } = await api.request<{ webauthn: SecurityKeySummary }>(
    'PATCH',
    `/api/u/me/second-factors/webauthn/${id}`,
    { name: name.trim() },
  );
  return webauthn;
}

export async function removeSecurityKey(api: PluginApi, id: number): Promise<void> {
  await api.request<undefined>('DELETE', `/api/u/me/second-factors/webauthn/${id}`);
}

/** For "confirm it's you" and "create new backup codes": options bound to this session. */
export function securityKeyConfirmOptions(api: PluginApi): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return api.request<PublicKeyCredentialRequestOptionsJSON>(
    'POST',
    '/api/u/me/second-factors/webauthn/authentication-options',
    {},
  );
}
