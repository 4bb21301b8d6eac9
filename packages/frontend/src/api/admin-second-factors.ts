/**
 * The plugin's admin HTTP calls (and the member's own event list), one function each, through
 * the host's `PluginApi.request`. Shapes follow `packages/server/src/routes/admin-routes.ts`.
 */
import type { PluginApi } from 'forum-plugin-api/frontend';

/** `GET /api/admin/users/:id/second-factors` */
export interface MemberSecondFactors {
  enabled: boolean;
  authenticators: number;
  backupCodesRemaining: number;
  lastUsedAt: string | null;
}

/** One row of the audit log. `details` depends on the event (see admin-event-labels.ts). */
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

export interface SecondFactorEventPage {
  events: SecondFactorEventRecord[];
  total: number;
  page: number;
  perPage: number;
}

export interface EventFilter {
  username: string;
  /** An event name, or '' for all. */
  event: string;
  page: number;
}

export function loadMemberSecondFactors(api: PluginApi, userId: number): Promise<MemberSecondFactors> {
  return api.request<MemberSecondFactors>('GET', `/api/admin/users/${userId}/second-factors`);
}

/** Removes the member's authenticators and backup codes; answers how many rows went. */
export async function resetMemberSecondFactors(api: PluginApi, userId: number): Promise<number> {
  const { removed } = await api.request<{ removed: number }>('POST', `/api/admin/users/${userId}/second-factors/reset`);
  return removed;
}

export function loadSecondFactorEvents(api: PluginApi, filter: EventFilter): Promise<SecondFactorEventPage> {
  const params = new URLSearchParams({ page: String(filter.page) });
  if (filter.username.trim() !== '') params.set('username', filter.username.trim());
  if (filter.event !== '') params.set('event', filter.event);
  return api.request<SecondFactorEventPage>('GET', `/api/admin/second-factor-events?${params.toString()}`);
}

/** The logged-in member's own 20 most recent events. */
export function loadMySecondFactorEvents(api: PluginApi): Promise<SecondFactorEventPage> {
  return api.request<SecondFactorEventPage>('GET', '/api/u/me/second-factor-events');
}
