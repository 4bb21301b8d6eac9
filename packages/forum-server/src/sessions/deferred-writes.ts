import type { Knex } from 'knex';
import type { ForumRequest } from 'forum-plugin-api/server';

/** A write not yet run: an attempt's refund (raw SQL), a plugin's audit row (a query). */
export type DeferredWrite = Knex.Raw | Knex.QueryBuilder;

const pending = new WeakMap<ForumRequest, DeferredWrite[]>();

/**
 * A login step ends with one statement of its own: the new session, the challenge that carries
 * the login on to the second step, or the challenge put back after a wrong code. Writes that
 * only go along with the outcome (a right answer's refund of its attempt counts, the plugin's
 * audit row of a check) would each be one more statement and one more commit on the way. While
 * `step` runs, they are left to it instead: the step writes them inside its closing statement
 * (`takeDeferredWrites`). Whatever the step did not take (a refusal's, a fault's) is written
 * when it ends, as it would have been without the step. A step whose closing statement fails
 * loses its writes with it: a refund then stays counted, and the audit row goes with the
 * login's own failure.
 */
export async function withDeferredWrites<T>(request: ForumRequest, step: () => Promise<T>): Promise<T> {
  pending.set(request, []);
  let failed = false;
  try {
    return await step();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const left = pending.get(request) ?? [];
    pending.delete(request);
    for (const write of left) {
      // After a failed step, its own error is the one to report.
      if (failed) await write.then(undefined, () => undefined);
      else await write;
    }
  }
}

/**
 * Leaves the write `statement` makes to the step `request` is in; false when it is in none, or
 * when the write is no SQL statement (a Redis refund): then the caller runs it now. The
 * statement is made only when it will be deferred.
 */
export function deferWrite(request: ForumRequest, statement: () => DeferredWrite | null): boolean {
  const list = pending.get(request);
  if (!list) return false;
  const write = statement();
  if (!write) return false;
  list.push(write);
  return true;
}

/** The writes left so far, for the step's closing statement to run; they are the step's now. */
export function takeDeferredWrites(request: ForumRequest): DeferredWrite[] {
  const list = pending.get(request);
  if (!list) return [];
  pending.set(request, []);
  return list;
}

/** `statement` with `writes` as CTEs of its own (PostgreSQL runs each exactly once), for a step's closing statement. */
export function withWrites(statement: Knex.QueryBuilder, writes: readonly DeferredWrite[]): Knex.QueryBuilder {
  for (const [i, write] of writes.entries()) statement.with(`alongside_${i}`, write);
  return statement;
}
