import { WebAuthnError } from '@simplewebauthn/browser';
import { errorMessage } from 'forum-plugin-api/frontend';
import { t } from '../i18n.ts';

/**
 * What to tell the member when the browser's security-key prompt fails: a key registered
 * already, WebAuthn unusable at this address (an IP instead of the forum's name), or cancelled
 * and timed out (the browser does not tell them apart). Anything else (the forum's answer to
 * fetching options, or to the answer): `otherwise`, the forum's usual words by default.
 */
export function securityKeyPromptError(error: unknown, otherwise: (error: unknown) => string = errorMessage): string {
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
      return t('second_factor.security_key.error_registered');
    if (error.code === 'ERROR_INVALID_DOMAIN' || error.code === 'ERROR_INVALID_RP_ID') {
      return t('second_factor.security_key.error_domain');
    }
    return t('second_factor.security_key.error_cancelled');
  }
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return t('second_factor.security_key.error_cancelled');
  }
  return otherwise(error);
}
