/**
 * The plugin's security-key (WebAuthn) calls. The browser's half — the prompt — is
 * @simplewebauthn/browser's `startRegistration` / `startAuthentication`, given the options
 * these return; the answers go back as they came.
 */
import type { RegisteredSecurityKey, SecurityKeySummary, WebAuthnRelyingParty } from '@second-factor/core';
import { startAuthentication } from '@simplewebauthn/browser';
import type {
  AuthenticationResponseJSON,
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

/**
 * The member's key signing a challenge bound to this session, for everything but the login
 * ("confirm it's you", new backup codes, the password change): options fetched now, then the
 * browser's prompt, so call it from the member's click.
 */
export async function answerWithSecurityKey(api: PluginApi): Promise<AuthenticationResponseJSON> {
  return startAuthentication({ optionsJSON: await securityKeyConfirmOptions(api) });
}

let relyingPartyRequest: Promise<WebAuthnRelyingParty> | null = null;

/**
 * The one origin where keys work (PUBLIC_URL's), asked once per page load: it changes only
 * with the server's configuration. A failed request is asked again next time.
 */
export function webauthnRelyingParty(api: PluginApi): Promise<WebAuthnRelyingParty> {
  relyingPartyRequest ??= api
    .request<WebAuthnRelyingParty>('GET', '/api/second-factors/webauthn/relying-party')
    .catch((error: unknown) => {
      relyingPartyRequest = null;
      throw error;
    });
  return relyingPartyRequest;
}

/** For tests: forget the answer so the next check asks the (scripted) server again. */
export function forgetWebAuthnRelyingParty(): void {
  relyingPartyRequest = null;
}
