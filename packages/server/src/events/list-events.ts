import type { Knex } from 'knex';
import type { ForumUsers } from 'forum-plugin-api/server';
import type { SecondFactorEventPage } from '@second-factor/core';

interface EventRow {
  id: number | string;
  user_id: number;
  actor_id: number | null;
  event: string;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, string | number | boolean | null>;
  created_at: Date | string;
}

/**
 * The audit log, newest first, filtered by member and event name, one page at a time. Names
 * come from the host (`api.users`): the plugin keeps ids, never a copy of who they are.
 */
export async function listEvents(
  db: Knex,
  users: ForumUsers,
  filter: { userId?: number; username?: string | undefined; event?: string | undefined; page: number; perPage: number },
): Promise<SecondFactorEventPage> {
  const empty: SecondFactorEventPage = { events: [], total: 0, page: filter.page, perPage: filter.perPage };
  const base = db<EventRow>('second_factor_events');
  if (filter.userId !== undefined) base.where('user_id', filter.userId);
  if (filter.username) {
    const member = await users.findByUsername(filter.username);
    if (!member) return empty;
    base.where('user_id', member.id);
  }
  if (filter.event) base.where('event', filter.event);
  const countRow = await base.clone().count({ n: '*' }).first();
  const rows = await base
    .clone()
    .select('id', 'user_id', 'actor_id', 'event', 'ip', 'user_agent', 'details', 'created_at')
    .orderBy('id', 'desc')
    .limit(filter.perPage)
    .offset((filter.page - 1) * filter.perPage);
  const ids = rows.flatMap((r) => (r.actor_id === null ? [r.user_id] : [r.user_id, r.actor_id]));
  const names = new Map((await users.findMany(ids)).map((u) => [u.id, u.username]));
  return {
    ...empty,
    events: rows.map((r) => ({
      id: Number(r.id),
      userId: r.user_id,
      username: names.get(r.user_id) ?? '',
      actorUsername: r.actor_id === null ? null : (names.get(r.actor_id) ?? null),
      event: r.event,
      ip: r.ip,
      userAgent: r.user_agent,
      details: r.details,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    total: Number(countRow?.n ?? 0),
  };
}
