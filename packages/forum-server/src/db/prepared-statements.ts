import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

/**
 * Named prepared statements on PostgreSQL: each statement with parameters is parsed and planned
 * once per connection and then only bound and run. Parsing and planning were most of a short
 * statement's time on the server (for a login's statements, 0.17–0.34 ms of 0.26–0.52 each:
 * `docs/decisions.md`, "Prepared statements"), and a login step runs four to seven of them.
 *
 * A statement's name is a hash of its text, so the same text always has the same name (pg
 * refuses one name for two texts). Only the first `limit` distinct texts are named: a text that
 * varies without bound (an `in (…)` list of any length) must not grow every connection's cache
 * for ever; the rest run unnamed, as before.
 *
 * A prepared statement remembers its result's columns. When another instance's migration adds a
 * column to a table read with `*`, PostgreSQL refuses the old statement ("cached plan must not
 * change result type") on every connection that prepared it. The connection then starts a new
 * generation of names (the old ones are never run again), and a statement outside a transaction
 * is tried once more at once; one inside a transaction fails with it, as any statement can.
 *
 * A client class rather than a patched instance: knex makes each transaction's client from the
 * class's prototype, so only a subclass is used inside transactions as well.
 */
export function preparedStatementsClient(limit = 1000): typeof Knex.Client {
  const named = new Set<string>();
  const generations = new WeakMap<object, number>();

  class PreparedStatementsClient extends PgClient {
    override _query(connection: object, query: CompiledQuery): Promise<unknown> {
      const hash = query.bindings?.length && !query.options?.name ? nameFor(query.sql, named, limit) : null;
      if (!hash) return super._query(connection, query);
      const options = query.options;
      const attempt = (): Promise<unknown> => {
        query.options = { ...options, name: `${hash}_${generations.get(connection) ?? 0}` };
        return super._query(connection, query);
      };
      return attempt().catch((error: unknown) => {
        if (!isStaleResultType(error)) throw error;
        generations.set(connection, (generations.get(connection) ?? 0) + 1);
        if (this.transacting) throw error;
        return attempt();
      });
    }
  }
  return PreparedStatementsClient as unknown as typeof Knex.Client;
}

function nameFor(sql: string, named: Set<string>, limit: number): string | null {
  const hash = `s${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
  if (named.has(hash)) return hash;
  if (named.size >= limit) return null;
  named.add(hash);
  return hash;
}

function isStaleResultType(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as Error & { code?: string }).code === '0A000' &&
    error.message.includes('cached plan must not change result type')
  );
}

interface CompiledQuery {
  sql: string;
  bindings?: readonly unknown[];
  options?: { name?: string } & Record<string, unknown>;
}

/** knex's own client for pg (knex's types do not name it), as far as this module uses it. */
const PgClient = createRequire(import.meta.url)('knex/lib/dialects/postgres/index.js') as new (config: Knex.Config) => {
  transacting?: boolean;
  _query(connection: object, query: CompiledQuery): Promise<unknown>;
};
