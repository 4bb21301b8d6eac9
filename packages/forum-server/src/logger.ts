import { pino, type Logger } from 'pino';
import { serializeError } from './error-serializer.js';

/**
 * Redaction is a second line of defence: logging code should never pass a secret, but a slip
 * then stays harmless instead of becoming a leak.
 *
 * These names mean a secret wherever they appear, so they are redacted at any of the first
 * three levels of a log object.
 */
const secretNames = ['password', 'token', 'secret', 'csrf', 'challenge', 'backupCodes', 'cookie', 'sessionToken'];

/**
 * `code` is a secret only where a request's input goes (a backup or authenticator code at the
 * top of a log object, or in a logged body). Everywhere else it is an error's code (`err.code`:
 * a SQLSTATE, ECONNREFUSED), which the operator needs to read, so it is redacted by path only.
 */
const inputPlaces = ['', 'body.', 'request.body.', 'req.body.', 'input.'];

const redactPaths = [
  ...secretNames.flatMap((name) => [name, `*.${name}`, `*.*.${name}`]),
  ...inputPlaces.map((place) => `${place}code`),
  'headers["x-csrf-token"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { err: serializeError } },
    destination,
  );
}

export type { Logger };
