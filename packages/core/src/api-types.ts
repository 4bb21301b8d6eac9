/** Shapes of the plugin's HTTP API (camelCase JSON), shared by the server and the Ember UI. */

export interface AuthenticatorSummary {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
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
