import {
  DEFAULT_AUTHENTICATOR_NAME,
  DEFAULT_SECURITY_KEY_NAME,
  type AuthenticatorSummary,
  type SecurityKeySummary,
} from '@second-factor/core';
import type { TotpRow, WebAuthnRow } from '../models/user-second-factor.js';

/** An authenticator as the API shows it: never its secret. */
export function serializeAuthenticator(row: TotpRow): AuthenticatorSummary {
  return {
    id: row.id,
    name: row.name ?? DEFAULT_AUTHENTICATOR_NAME,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
  };
}

/** A security key as the API shows it: never its public key or credential id. */
export function serializeSecurityKey(row: WebAuthnRow): SecurityKeySummary {
  return {
    id: row.id,
    name: row.name ?? DEFAULT_SECURITY_KEY_NAME,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
    passkey: row.data.discoverable,
  };
}
