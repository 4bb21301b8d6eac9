import type { Knex } from 'knex';
import type { ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import type { SecondFactorEventName } from '@second-factor/core';
import { noticeFor } from './notices.js';

export interface SecondFactorEventInput {
  userId: number;
  event: SecondFactorEventName;
  /** The admin acting on someone else's account; omitted when members act on their own. */
  actorId?: number | null;
  /** The request it came from, for ip and user agent. */
  ctx?: ForumContext | null;
  /** Never a code, token or secret. */
  details?: Record<string, string | number | boolean | null>;
}

/**
 * Appends to the audit log and, for the events a member must hear about, queues their mail,
 * both in the caller's transaction when given one.
 */
export async function recordEvent(api: ServerPluginApi, db: Knex, input: SecondFactorEventInput): Promise<void> {
  const details = input.details ?? {};
  await db('second_factor_events').insert({
    user_id: input.userId,
    actor_id: input.actorId ?? null,
    event: input.event,
    ip: input.ctx?.ip ?? null,
    user_agent: input.ctx?.get('user-agent').slice(0, 500) || null,
    details: JSON.stringify(details),
  });
  const notice = noticeFor(input.event, details);
  if (notice) await api.queueMail(db, { userId: input.userId, ...notice(String(await api.siteSettings.get('title', db))) });
}
