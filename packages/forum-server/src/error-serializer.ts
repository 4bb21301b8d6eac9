import { pino } from 'pino';

/**
 * Fields of a database error (PGlite's, pg's, knex's, objection's) that carry the values the
 * query was given: bind parameters, and the row a constraint refused ("Key (email)=(…)"). A
 * value a member typed (a login, a password in the wrong box) must never reach a log line.
 */
const VALUE_FIELDS = new Set([
  'params',
  'parameters',
  'bindings',
  'values',
  'detail',
  'where',
  'internalQuery',
  'queryOptions',
]);

/** How deep the chain of wrapped errors (objection's `nativeError`, `cause`) is followed. */
const MAX_DEPTH = 5;

type SerializedError = Record<string, unknown>;

/**
 * pino's `err` serializer: the standard shape (type, message, stack, own fields), with the
 * values of database errors taken out. What stays is enough to debug: the SQLSTATE `code`,
 * `routine`, `table`, `column`, `constraint`, and the SQL with its `$1` placeholders.
 */
export function serializeError(error: unknown): unknown {
  return sanitize(pino.stdSerializers.err(error as Error), 0);
}

function sanitize(serialized: SerializedError, depth: number): SerializedError {
  const fromDatabase = isDatabaseError(serialized);
  const safe: SerializedError = {};
  for (const [field, value] of Object.entries(serialized)) {
    if (VALUE_FIELDS.has(field)) continue;
    if ((field === 'nativeError' || field === 'cause') && isObject(value)) {
      if (depth < MAX_DEPTH) safe[field] = sanitize(value, depth + 1);
      continue;
    }
    safe[field] = value;
  }
  if (fromDatabase) {
    if (typeof safe.message === 'string') safe.message = withoutQuotedValues(safe.message);
    if (typeof safe.stack === 'string') safe.stack = withoutQuotedValues(safe.stack);
  }
  return safe;
}

/** A database's own error (a SQLSTATE and a severity), or a wrapper of one (objection's). */
function isDatabaseError(serialized: SerializedError): boolean {
  const sqlState = typeof serialized.code === 'string' && /^[0-9A-Z]{5}$/.test(serialized.code);
  return (sqlState && typeof serialized.severity === 'string') || isObject(serialized.nativeError);
}

/**
 * PostgreSQL quotes the offending value in its message (`invalid input syntax for type integer:
 * "alice"`, `value "…" is out of range`). knex puts the SQL in front (`select … - message`), and
 * the SQL holds only placeholders and quoted identifiers, so only the database's part, after
 * knex's last " - ", is masked. The stack's first line repeats the message, so it is masked too.
 */
function withoutQuotedValues(text: string): string {
  const [header, ...frames] = text.split('\n');
  const separator = header!.lastIndexOf(' - ');
  const sql = separator >= 0 ? header!.slice(0, separator + 3) : '';
  const message = separator >= 0 ? header!.slice(separator + 3) : header!;
  return [sql + message.replace(/"(?:[^"]|"")*"/g, '"…"'), ...frames].join('\n');
}

function isObject(value: unknown): value is SerializedError {
  return typeof value === 'object' && value !== null;
}
