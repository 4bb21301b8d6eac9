/**
 * The plugin's admin HTTP calls (and the member's own event list), one function each, through
 * the host's `PluginApi.request`. Shapes are core's API types, shared with the server.
 */
import type { PluginApi } from 'forum-plugin-api/frontend';
import type { EnforcementEnrolment, MemberSecondFactors, SecondFactorEventPage } from '@second-factor/core';

export type {
  EnforcementEnrolment,
  MemberSecondFactors,
  SecondFactorEventPage,
  SecondFactorEventRecord,
} from '@second-factor/core';

export interface EventFilter {
  username: string;
  /** An event name, or '' for all. */
  event: string;
  page: number;
}

/** How many of the members enforcement applies to have a second factor, are in their grace, or past it. */
export function loadEnforcementEnrolment(api: PluginApi): Promise<EnforcementEnrolment> {
  return api.request<EnforcementEnrolment>('GET', '/api/admin/second-factors/enrolment');
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
