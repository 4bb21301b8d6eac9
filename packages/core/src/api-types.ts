/** Shapes of the plugin's HTTP API (camelCase JSON), shared by the server and the Ember UI. */

export interface AuthenticatorSummary {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A security key or passkey (WebAuthn) as the API shows it: never its public key or credential id. */
export interface SecurityKeySummary {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Whether it can log in without a password (a discoverable credential); null when the browser did not say. */
  passkey: boolean | null;
}

/** `GET /api/second-factors/webauthn/relying-party`: the only origin security keys work at (PUBLIC_URL's). */
export interface WebAuthnRelyingParty {
  /** `https://forum.example.com`: a page at any other origin cannot use a key (webauthn_unavailable). */
  origin: string;
  /** The rp id keys are scoped to: the origin's host name. */
  id: string;
}

/** `POST /api/u/me/second-factors/webauthn` */
export interface RegisteredSecurityKey {
  webauthn: SecurityKeySummary;
  /** The first batch, shown once, when this is the member's first second factor. */
  backupCodes?: string[];
}

export interface BackupCodesStatus {
  enabled: boolean;
  total: number;
  remaining: number;
  used: { position: number; usedAt: string }[];
  createdAt: string | null;
}

/** `GET /api/u/me/second-factors` */
export interface SecondFactorsStatus {
  totp: AuthenticatorSummary[];
  webauthn: SecurityKeySummary[];
  backupCodes: BackupCodesStatus;
  /** Until when sensitive changes are allowed without "confirm it's you" (ISO), or null. */
  recentAuthUntil: string | null;
  /** True while the forum's enforcement setting requires this member to set up an authenticator. */
  setupRequired: boolean;
}

/** `POST /api/u/me/second-factors/totp` — a pending authenticator to confirm. */
export interface PendingAuthenticator {
  id: number;
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** `POST /api/u/me/second-factors/totp/:id/enable` */
export interface EnabledAuthenticator {
  totp: AuthenticatorSummary;
  /** The first batch, shown once, when the member had none. */
  backupCodes?: string[];
}

export interface ApiError {
  error: { code: string; message: string };
}

/** `GET /api/admin/users/:id/second-factors` */
export interface MemberSecondFactors {
  enabled: boolean;
  authenticators: number;
  /** The member's security keys and passkeys, for the admin's member page. */
  securityKeys: SecurityKeySummary[];
  backupCodesRemaining: number;
  lastUsedAt: string | null;
}

/** One row of the audit log. `details` depends on the event; never a code or secret. */
export interface SecondFactorEventRecord {
  id: number;
  userId: number;
  username: string;
  actorUsername: string | null;
  event: string;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** `GET /api/admin/second-factor-events`, `GET /api/u/me/second-factor-events` */
export interface SecondFactorEventPage {
  events: SecondFactorEventRecord[];
  total: number;
  page: number;
  perPage: number;
}
