import type { Knex } from 'knex';

/** One statement the forum sent to its database, as knex's `query` event describes it. */
export interface LoggedQuery {
  sql: string;
  /** Set when the statement ran inside a transaction (knex's transaction id). */
  transaction: string | null;
}

interface QueryEvent {
  sql: string;
  __knexTxId?: string;
}

/**
 * Every statement `db` sends while `during` runs (transactions' BEGIN and COMMIT included), for
 * tests that pin how many a request costs. Statements from anything else running meanwhile are
 * counted too, so run it with nothing else in flight.
 */
export async function queriesDuring<T>(
  db: Knex,
  during: () => Promise<T>,
): Promise<{ result: T; queries: LoggedQuery[] }> {
  const queries: LoggedQuery[] = [];
  const listener = (event: QueryEvent) => {
    queries.push({ sql: event.sql, transaction: event.__knexTxId ?? null });
  };
  db.on('query', listener);
  try {
    const result = await during();
    return { result, queries };
  } finally {
    db.off('query', listener);
  }
}
