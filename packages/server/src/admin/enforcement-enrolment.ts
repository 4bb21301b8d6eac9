import { METHOD_COLUMN, type EnforcementEnrolment } from '@second-factor/core';
import type { PluginApi, SecondFactorSettings } from '../plugin-types.js';

interface CountsRow {
  required: number;
  enrolled: number;
  in_grace: number;
  past_deadline: number;
  not_started: number;
}

/**
 * How far the members enforcement applies to have come: one aggregate query over the host's
 * member ids (all, or admins for "staff"), their second factors and their grace rows, whatever
 * the number of members. The deadline is the one `setupDemandFor` computes: the start plus the
 * current grace days, compared with the forum's clock.
 */
export async function enforcementEnrolment(
  api: PluginApi,
  settings: SecondFactorSettings,
): Promise<EnforcementEnrolment> {
  const enforcement = settings.enforce_second_factor;
  const graceDays = settings.second_factor_enforcement_grace_days;
  if (enforcement !== 'all' && enforcement !== 'staff') {
    return { enforcement, graceDays, required: 0, enrolled: 0, inGrace: 0, pastDeadline: 0, notStarted: 0 };
  }
  const db = api.db;
  const withFactor = db('user_second_factors')
    .distinct('user_id')
    .where({ enabled: true })
    .whereIn('method', [METHOD_COLUMN.totp, METHOD_COLUMN.webauthn]);
  // Seconds, not days: a day interval on timestamptz follows the session's time zone (23 or 25 hours at DST).
  const deadline = "g.started_at + (?::integer * interval '1 second')";
  const graceSeconds = graceDays * 24 * 60 * 60;
  const now = api.clock.now();
  const rows: CountsRow[] = await db
    .from(api.users.idsQuery({ adminsOnly: enforcement === 'staff' }).as('m'))
    .leftJoin(withFactor.as('f'), 'f.user_id', 'm.id')
    .leftJoin('second_factor_enforcement_grace as g', 'g.user_id', 'm.id')
    .select(
      db.raw('count(*)::integer as required'),
      db.raw('count(f.user_id)::integer as enrolled'),
      db.raw(`count(*) filter (where f.user_id is null and ${deadline} > ?::timestamptz)::integer as in_grace`, [
        graceSeconds,
        now,
      ]),
      db.raw(`count(*) filter (where f.user_id is null and ${deadline} <= ?::timestamptz)::integer as past_deadline`, [
        graceSeconds,
        now,
      ]),
      db.raw('count(*) filter (where f.user_id is null and g.user_id is null)::integer as not_started'),
    );
  const counts = rows[0];
  if (!counts) throw new Error('an aggregate query answered no row');
  return {
    enforcement,
    graceDays,
    required: counts.required,
    enrolled: counts.enrolled,
    inGrace: counts.in_grace,
    pastDeadline: counts.past_deadline,
    notStarted: counts.not_started,
  };
}
