import type { Knex } from 'knex';
import type { AbandonedSecondStep } from 'forum-plugin-api/server';
import { SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import type { PluginApi, SecondFactorSettings } from '../plugin-types.js';

/** "Someone knows your password" mails a member at most this often; the event is logged every time. */
export const PASSWORD_KNOWN_MAIL_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The host's sweep found a login whose password was right and whose second step never
 * completed: an event in the audit log every time, and the "someone knows your password" mail
 * unless one went to this member within the last 24 hours (on the forum's clock). The host
 * hands these over one sweep at a time, in its transaction (`db`), so reading the last mailed
 * event and writing the next cannot race with another instance.
 */
export async function recordAbandonedSecondStep(
  api: PluginApi,
  step: AbandonedSecondStep<SecondFactorSettings>,
  db: Knex,
): Promise<void> {
  const now = api.clock.now();
  const last: { mailed_at: string | null } | undefined = await db('second_factor_events')
    .where({ user_id: step.userId, event: SecondFactorEvent.secondStepAbandoned })
    .whereRaw("details->>'mailed' = 'true'")
    .orderBy('id', 'desc')
    .first(db.raw("details->>'mailedAt' as mailed_at"));
  const lastMailed = last?.mailed_at ? new Date(last.mailed_at).getTime() : null;
  const mailed = lastMailed === null || now.getTime() - lastMailed >= PASSWORD_KNOWN_MAIL_INTERVAL_MS;
  await recordEvent(api, db, {
    userId: step.userId,
    event: SecondFactorEvent.secondStepAbandoned,
    from: { ip: step.ip, userAgent: step.userAgent, settings: step.settings },
    details: {
      reason: step.reason,
      failedAttempts: step.failedAttempts,
      at: step.at.toISOString(),
      ip: step.ip, // in the mail too, which reads only the details
      browser: step.browser,
      mailed,
      ...(mailed ? { mailedAt: now.toISOString() } : {}),
    },
  });
}
