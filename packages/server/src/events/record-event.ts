import type { Knex } from 'knex';
import type { SecondFactorEventName } from '@second-factor/core';
import type { ChangeSource, PluginApi } from '../plugin-types.js';
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

/** Appends one row to the audit log. */
export async function writeAuditRow(db: Knex, input: SecondFactorEventInput): Promise<void> {
  await db('second_factor_events').insert({
    user_id: input.userId,
    actor_id: input.actorId ?? null,
    event: input.event,
    ip: input.from.ip,
    user_agent: input.from.userAgent?.slice(0, 500) || null,
    details: JSON.stringify(input.details ?? {}),
  });
}

/** Queues the member's mail for the events they must hear about (none for the others). */
export async function queueNotice(api: PluginApi, db: Knex, input: SecondFactorEventInput): Promise<void> {
  const notice = noticeFor(input.event, input.details ?? {});
  if (notice) await api.queueMail(db, { userId: input.userId, ...notice(input.from.settings.title) });
}

/**
 * An event on a member's account: its audit row and its notice in one transaction (the caller's
 * when given one), so the mail exists exactly when the change it reports was committed.
 */
export async function recordEvent(api: PluginApi, db: Knex, input: SecondFactorEventInput): Promise<void> {
  const record = async (trx: Knex): Promise<void> => {
    await writeAuditRow(trx, input);
    await queueNotice(api, trx, input);
  };
  await (db.isTransaction ? record(db) : db.transaction(record));
}
