import QUnit from 'qunit';
import knexFactory, { type Knex } from 'knex';
import { CounterStore, type Counter } from '../src/limits/counter-store.js';
import { useForum } from './helpers.js';

const { module, test } = QUnit;

/**
 * The counter store adds and refunds all of an attempt's counters in one statement. Statements
 * touching overlapping keys run concurrently on PostgreSQL (a pool per instance), and must never
 * deadlock (40P01) whatever order the limiters name their keys in.
 */
module('attempt counters: all of an attempt in one statement', (hooks) => {
  const forum = useForum(hooks);
  let second: Knex | null = null;
  hooks.before(() => {
    // A second instance's own pool on the same PostgreSQL database (PGlite has one connection).
    const url = forum().database.config.databaseUrl;
    if (url) second = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
  });
  hooks.after(async () => {
    await second?.destroy();
  });

  const store = (db: Knex = forum().forum.services.db) => new CounterStore(db, forum().clock, null, 'test');
  const counter = (name: string, key: string, windowSeconds = 60): Counter => ({ name, key, windowSeconds });

  test('counts come back in the order asked; refunds take one from each; a window that ended starts again', async (assert) => {
    const counters = store();
    const rules = [counter('z-rule', 'user:1', 300), counter('a-rule', 'user:1', 3600), counter('m-rule', 'ip:x', 60)];
    await counters.add(rules);
    const second = await counters.add(rules);
    assert.deepEqual(
      second.map((c) => c.count),
      [2, 2, 2],
    );
    // The forum's clock runs on between the two adds: allow it a few seconds.
    assert.deepEqual(
      second.map((c, i) => Math.round(c.msBeforeReset / 10_000) * 10 - rules[i]!.windowSeconds),
      [0, 0, 0],
      'each window as its rule says, in the order asked (not the sorted order)',
    );
    await counters.add([rules[0]!]);
    await counters.refund(rules);
    assert.deepEqual(
      (await counters.peek(rules)).map((c) => c.count),
      [2, 1, 1],
    );
    forum().clock.advance(61_000);
    assert.deepEqual(
      (await counters.add(rules)).map((c) => c.count),
      [3, 2, 1],
      'the ended window counts from one',
    );
    await counters.refund(rules);
    await counters.refund(rules);
    await counters.refund(rules);
    assert.deepEqual(
      (await counters.peek(rules)).map((c) => c.count),
      [0, 0, 0],
      'never below zero',
    );
    await counters.clear(rules);
    assert.deepEqual(
      await counters.peek(rules),
      [0, 0, 0].map(() => ({ count: 0, msBeforeReset: 0 })),
    );
  });

  test('concurrent attempts over overlapping keys named in opposite orders, on two pools: no error, no count lost', async (assert) => {
    const stores = [store(), ...(second ? [store(second)] : [])];
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((k) => counter('overlap', k, 600));
    // Every attempt takes four adjacent keys (so neighbours overlap), half of them in reverse.
    const attempts = Array.from({ length: 200 }, (_, i) => {
      const start = i % 3;
      const chosen = keys.slice(start, start + 4);
      return i % 2 === 0 ? chosen : [...chosen].reverse();
    });
    const expected = new Map<string, number>();
    const results = await Promise.allSettled(
      attempts.map(async (chosen, i) => {
        const counters = stores[i % stores.length]!;
        await counters.add(chosen);
        // Every third one gives its counts back (a right code), reversed again.
        if (i % 3 === 0) await counters.refund([...chosen].reverse());
      }),
    );
    attempts.forEach((chosen, i) => {
      for (const c of chosen) expected.set(c.key, (expected.get(c.key) ?? 0) + (i % 3 === 0 ? 0 : 1));
    });
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    assert.deepEqual(failures, [], 'no statement failed (no 40P01 deadlock)');
    assert.deepEqual(
      (await stores[0]!.peek(keys)).map((c) => c.count),
      keys.map((k) => expected.get(k.key) ?? 0),
      'every add and every refund landed',
    );
  });
});
