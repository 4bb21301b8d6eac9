import type { Knex } from 'knex';

const GRACE_TABLE = 'second_factor_enforcement_grace';

/**
 * When the member's grace began: the row written the first time, or now if there is none yet.
 * Concurrent first requests race on the primary key; `on conflict do nothing` lets one win and
 * the others read its start, so every request agrees on one deadline.
 */
export async function graceStart(db: Knex, userId: number, now: Date): Promise<Date> {
  const existing = await startedAt(db, userId);
  if (existing) return existing;
  const inserted: { started_at: Date | string }[] = await db(GRACE_TABLE)
    .insert({ user_id: userId, started_at: now })
    .onConflict('user_id')
    .ignore()
    .returning('started_at');
  const mine = inserted[0];
  if (mine) return new Date(mine.started_at);
  // Another request wrote it between our read and our insert: its start is the one.
  const theirs = await startedAt(db, userId);
  if (!theirs) throw new Error('the grace row vanished between two statements');
  return theirs;
}

async function startedAt(db: Knex, userId: number): Promise<Date | null> {
  const row: { started_at: Date | string } | undefined = await db(GRACE_TABLE)
    .where({ user_id: userId })
    .first('started_at');
  return row ? new Date(row.started_at) : null;
}
