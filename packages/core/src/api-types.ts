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
  /** True once the forum's enforcement setting requires this member to set up a second factor (their grace has ended). */
  setupRequired: boolean;
  /**
   * When enforcement applies to this member and they have no second factor: the end of their
   * grace (ISO), before which they use the forum as usual; null otherwise.
   */
  setupDeadline: string | null;
}

/** `GET /api/admin/second-factors/enrolment`: where the members enforcement applies to stand. */
export interface EnforcementEnrolment {
  /** `enforce_second_factor` now: "no" (every count 0), "staff" or "all". */
  enforcement: string;
  graceDays: number;
  /** Members enforcement applies to; the four counts below add up to it. */
  required: number;
  /** Have an authenticator app or a security key. */
  enrolled: number;
  /** No second factor yet, before their deadline. */
  inGrace: number;
  /** No second factor, deadline passed: they reach only their security preferences. */
  pastDeadline: number;
  /** No second factor, and not seen since enforcement applied to them (their grace starts at their next visit). */
  notStarted: number;
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

/** `POST /api/u/me/second-factors/recover` ("Lost your phone?"): what the one step did. */
export interface RecoveredSecondFactors {
  /** The new sheet, shown once; null when no second factor is left (the codes went with the last one). */
  backupCodes: string[] | null;
  /** No app or key is left: the member sets one up again (which hands over a first sheet). */
  needsSecondFactor: boolean;
  authenticatorsRemoved: number;
  securityKeysRemoved: number;
  /** The member's other sessions that were signed out (never the one that asked). */
  sessionsEnded: number;
  trustedBrowsersEnded: number;
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
