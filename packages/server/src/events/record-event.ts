import type { Knex } from 'knex';
import type { SecondFactorEventName } from '@second-factor/core';
import type { ChangeSource, PluginApi, PluginRequest } from '../plugin-types.js';
import { noticeFor } from './notices.js';

export interface SecondFactorEventInput {
  userId: number;
  event: SecondFactorEventName;
  /** The request (ip, user agent, settings) or the CLI it came from. */
  from: ChangeSource;
  /** The admin acting on someone else's account; omitted when members act on their own. */
  actorId?: number | null;
  /** Never a code, token or secret. */
  details?: Record<string, string | number | boolean | null>;
}

/** The audit row's insert, not yet run: alone, or inside the notice's statement. */
export function auditRowInsert(db: Knex, input: SecondFactorEventInput): Knex.QueryBuilder {
  return db('second_factor_events').insert({
    user_id: input.userId,
    actor_id: input.actorId ?? null,
    event: input.event,
    ip: input.from.ip,
    user_agent: input.from.userAgent?.slice(0, 500) || null,
    details: JSON.stringify(input.details ?? {}),
  });
}

/**
 * A change and its audit row in one statement, the row written only when the change's
 * `returning` yields one: one round trip, and no event for a change a racing request beat us
 * to. Resolves with whether the change happened. For events without a notice.
 */
export async function changeWithEvent(
  db: Knex,
  change: Knex.QueryBuilder,
  input: SecondFactorEventInput,
): Promise<boolean> {
  const result: { rows: unknown[] } = await db.raw(
    `with changed as (?)
     insert into second_factor_events (user_id, actor_id, event, ip, user_agent, details)
     select ?::integer, ?::integer, ?::text, ?::text, ?::text, ?::jsonb from changed limit 1 returning id`,
    [
      change,
      input.userId,
      input.actorId ?? null,
      input.event,
      input.from.ip,
      input.from.userAgent?.slice(0, 500) || null,
      JSON.stringify(input.details ?? {}),
    ],
  );
  return result.rows.length > 0;
}

/**
 * An event on a member's account: its audit row and, for the events they must hear about, its
 * notice, in one statement (the mail's insert carries the audit row's), in the caller's
 * transaction when given one: the mail exists exactly when the row does, and an event costs
 * one round trip. `deferIn`: the check's request, so that within a login step a row without a
 * notice is left to the statement that ends the step (the session, or the challenge put back):
 * one statement fewer per step.
 */
export async function recordEvent(
  api: PluginApi,
  db: Knex,
  input: SecondFactorEventInput,
  options: { deferIn?: PluginRequest } = {},
): Promise<void> {
  const audit = auditRowInsert(db, input);
  const notice = noticeFor(input.event, input.details ?? {});
  if (notice)
    await api.queueMail(db, { userId: input.userId, ...notice(input.from.settings.title) }, { alongside: audit });
  else if (!(options.deferIn && api.deferWrite(options.deferIn, audit))) await audit;
}
