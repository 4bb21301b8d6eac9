import type { Knex } from 'knex';
import type { SecondFactorEventPage } from '@second-factor/core';

/** The audit log, newest first, filtered by member and event name, one page at a time. */
export async function listEvents(db: Knex, filter: { userId?: number; username?: string; event?: string; page: number; perPage: number }): Promise<SecondFactorEventPage> {
  const base = db('second_factor_events as e').join('users as u', 'u.id', 'e.user_id').leftJoin('users as a', 'a.id', 'e.actor_id');
  if (filter.userId !== undefined) base.where('e.user_id', filter.userId);
  if (filter.username) base.where('u.username_lower', filter.username.toLowerCase());
  if (filter.event) base.where('e.event', filter.event);
  const countRow = await base.clone().count({ n: '*' }).first();
  const rows = await base
    .clone()
    .select('e.id', 'e.user_id', 'u.username', 'a.username as actor_username', 'e.event', 'e.ip', 'e.user_agent', 'e.details', 'e.created_at')
    .orderBy('e.id', 'desc')
    .limit(filter.perPage)
    .offset((filter.page - 1) * filter.perPage);
  return {
    events: rows.map((r) => ({
      id: Number(r.id),
      userId: r.user_id,
      username: r.username,
      actorUsername: r.actor_username ?? null,
      event: r.event,
      ip: r.ip,
      userAgent: r.user_agent,
      details: r.details,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    total: Number(countRow?.n ?? 0),
    page: filter.page,
    perPage: filter.perPage,
  };
}
