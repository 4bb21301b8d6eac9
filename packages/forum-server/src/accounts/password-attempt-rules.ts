import type { AttemptRule } from 'forum-plugin-api/server';

const WINDOW_SECONDS = 15 * 60;

/**
 * Wrong passwords (at login and at "confirm it's you") are limited per account and per IP within
 * 15 minutes (site settings). An unknown login is limited exactly like an account, so the limit
 * reveals nothing about which accounts exist.
 */
export const passwordAttemptRules: readonly AttemptRule[] = [
  { name: 'account', per: 'account', windowSeconds: WINDOW_SECONDS, max: 'login_max_failures_per_account' },
  { name: 'ip', per: 'ip', windowSeconds: WINDOW_SECONDS, max: 'login_max_failures_per_ip' },
];
