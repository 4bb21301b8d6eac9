import type { Knex } from 'knex';
import { SecondFactorEvent } from '@second-factor/core';
import { noticeFor } from '../../../src/events/notices.js';

/**
 * What a refused (4xx) request must leave exactly as it was: the forum's state.
 *
 * - users, site_settings, admin_actions, setup_tokens, user_second_factors (secrets, burned
 *   codes, last use), known_devices: every column of every row.
 * - sessions: every column but `last_seen_at` / `expires_at`, the sliding expiry a request may
 *   legitimately move forward.
 * - second_factor_events, except the records of refused attempts (a wrong or reused code, a
 *   lockout): recording those is the point of refusing them.
 * - mail_outbox, except the notices those same refusals send (a reused code, a lockout).
 * - login_challenges: a wrong code uses up one of the challenge's tries, and the last try
 *   removes it, so a refusal may only count tries on, or remove, challenges: never add one.
 *
 * Not state: attempt_counters (counting refusals is their job), forum_meta and the migrations'
 * bookkeeping (written at start only).
 */
const REFUSAL_EVENTS = [
  SecondFactorEvent.totpFailed,
  SecondFactorEvent.backupCodeFailed,
  SecondFactorEvent.totpReused,
  SecondFactorEvent.lockedOut,
];

/** Notice subjects end with a fixed text after the forum's title: rendered with an empty title, they are that text. */
const REFUSAL_NOTICE_SUFFIXES = REFUSAL_EVENTS.flatMap((event) => {
  const notice = noticeFor(event, { retryAfterSeconds: 60 });
  return notice ? [notice('').subject] : [];
});

interface TableRule {
  table: string;
  /** SQL for one row's text (`t` is the row); the whole row by default. */
  row?: string;
  /** SQL filter on `t`: rows outside it are not state. */
  where?: string;
}

function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const RULES: TableRule[] = [
  { table: 'users' },
  { table: 'sessions', row: "concat_ws(',', t.id, t.user_id, t.created_at, t.recent_auth_at, t.ip, t.user_agent)" },
  { table: 'site_settings' },
  { table: 'admin_actions' },
  { table: 'setup_tokens' },
  { table: 'user_second_factors' },
  { table: 'known_devices' },
  { table: 'second_factor_events', where: `t.event not in (${REFUSAL_EVENTS.map(quoted).join(', ')})` },
  {
    table: 'mail_outbox',
    where:
      REFUSAL_NOTICE_SUFFIXES.map((suffix) => `t.subject not like ${quoted(`%${suffix}`)}`).join(' and ') || 'true',
  },
];

export interface StateSnapshot {
  /** One digest per table, of its rows that are state. */
  digests: Record<string, string>;
  challengeIds: Set<string>;
}

export class StateSnapshots {
  private constructor(
    private readonly db: Knex,
    private readonly sql: string,
  ) {}

  /** Only the tables this forum has (a table added by a later migration joins when it exists). */
  static async for(db: Knex): Promise<StateSnapshots> {
    const rows: { table_name: string }[] = await db('information_schema.tables')
      .whereRaw('table_schema = current_schema()')
      .select('table_name');
    const present = new Set(rows.map((r) => r.table_name));
    const digests = RULES.filter((rule) => present.has(rule.table)).map(
      (rule) =>
        `(select md5(coalesce(string_agg(s.r, E'\\n' order by s.r), '')) from (select ${rule.row ?? 't::text'} as r from ${rule.table} t where ${rule.where ?? 'true'}) s) as ${rule.table}`,
    );
    const challenges =
      "(select coalesce(string_agg(c.id, ',' order by c.id), '') from login_challenges c) as login_challenges";
    return new StateSnapshots(db, `select ${[...digests, challenges].join(', ')}`);
  }

  async take(): Promise<StateSnapshot> {
    const result = await this.db.raw<{ rows: Record<string, string>[] }>(this.sql);
    const { login_challenges: challenges = '', ...digests } = result.rows[0] ?? {};
    return { digests, challengeIds: new Set(challenges ? challenges.split(',') : []) };
  }

  /** What changed from `before` to `after` that a refused request may not change; empty when nothing. */
  static changes(before: StateSnapshot, after: StateSnapshot): string[] {
    const changed = Object.keys(before.digests).filter((table) => before.digests[table] !== after.digests[table]);
    const added = [...after.challengeIds].filter((id) => !before.challengeIds.has(id));
    return [...changed, ...(added.length > 0 ? [`login_challenges (+${added.length})`] : [])];
  }
}
