import { DEFAULT_AUTHENTICATOR_NAME, type AuthenticatorSummary } from '@second-factor/core';
import type { TotpRow } from '../models/user-second-factor.js';

/** An authenticator as the API shows it: never its secret. */
export function serializeAuthenticator(row: TotpRow): AuthenticatorSummary {
  return {
    id: row.id,
    name: row.name ?? DEFAULT_AUTHENTICATOR_NAME,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
  };
}
