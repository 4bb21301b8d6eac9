/**
 * Shapes of the forum's HTTP API (DESIGN.md "HTTP API") as the app reads them.
 * The member type is shared with plugins, so it lives in forum-plugin-api.
 */
import type { CurrentUser } from 'forum-plugin-api/frontend';

export type { CurrentUser };

export interface UserResponse {
  user: CurrentUser;
}

export interface SecondFactorRequiredResponse {
  secondFactorRequired: true;
  challenge: string;
  methods: string[];
}

export type LoginResponse = UserResponse | SecondFactorRequiredResponse;

export interface SiteResponse {
  title: string;
  settings: Record<string, unknown>;
  /** Who is logged in (null: nobody), so a page load needs no `/api/session/current`. */
  currentUser: CurrentUser | null;
}

export type SiteSettingType = 'bool' | 'integer' | 'string' | 'enum';
export type SiteSettingValue = boolean | number | string;

export interface SiteSetting {
  name: string;
  /** What the page calls it; `name` is for the CLI and the API. */
  label: string;
  /** The plugin that declares it; null for the forum's own settings. */
  plugin: string | null;
  /** That plugin's title ("Two-factor authentication"); null for the forum's own. */
  pluginTitle: string | null;
  type: SiteSettingType;
  default: SiteSettingValue;
  value: SiteSettingValue;
  description: string;
  /** Changing it needs a recent login (it can weaken sign-in security). */
  sensitive: boolean;
  min?: number;
  max?: number;
  choices?: string[];
  maxLength?: number;
}

export interface SiteSettingsResponse {
  settings: SiteSetting[];
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** One mail of the dev outbox (`GET /api/admin/mail-outbox`). */
/** Where a mail's delivery stands (see docs/openapi.yaml, OutboxMail). */
export type OutboxMailStatus = 'logged' | 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';

export interface OutboxMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  status: OutboxMailStatus;
  attempts: number;
  /** When retrying: the next try. */
  nextAttemptAt: string | null;
  /** When retrying or failed: the last try's SMTP answer or network error. */
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface MailOutboxResponse {
  mails: OutboxMail[];
  /** Whether this forum sends mail at all (SMTP_URL set), and how often it tries. */
  delivery: { configured: boolean; maxTries: number };
  total: number;
  page: number;
  perPage: number;
}
