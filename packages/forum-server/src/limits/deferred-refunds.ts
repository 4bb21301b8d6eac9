import type { Knex } from 'knex';
import type { ForumRequest } from 'forum-plugin-api/server';

const pending = new WeakMap<ForumRequest, Knex.Raw[]>();

/**
 * A login step's right answer gives its attempt counts back, and on its own that refund is one
 * more statement (and one more commit) on the way to the session. While `step` runs, the
 * limiter leaves such refunds to it: the step writes them inside the statement that ends it
 * (`takeDeferredRefunds`: the new session, or the challenge that carries the login on to the
 * second step). Whatever the
 * step did not take (a refusal's, a fault's) is written when it ends, as the limiter would have.
 * A step whose closing statement fails loses its refund with it: the attempt stays counted.
 */
export async function withDeferredRefunds<T>(request: ForumRequest, step: () => Promise<T>): Promise<T> {
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
    for (const refund of left) {
      // After a failed step, its own error is the one to report.
      if (failed) await refund.then(undefined, () => undefined);
      else await refund;
    }
  }
}

/**
 * Leaves the refund `statement` makes to the step `request` is in; false when it is in none, or
 * when the refund is no SQL statement (Redis): then the caller runs it now. The statement is made
 * only when it will be deferred.
 */
export function deferRefund(request: ForumRequest, statement: () => Knex.Raw | null): boolean {
  const list = pending.get(request);
  if (!list) return false;
  const refund = statement();
  if (!refund) return false;
  list.push(refund);
  return true;
}

/** The refunds left so far, for the step's closing statement to run; they are the step's now. */
export function takeDeferredRefunds(request: ForumRequest): Knex.Raw[] {
  const list = pending.get(request);
  if (!list) return [];
  pending.set(request, []);
  return list;
}
