import { pino, type Logger } from 'pino';

/**
 * Field names that may carry a secret anywhere in a log object. Logging code should never pass
 * them, but redaction makes a slip harmless instead of a leak.
 */
const secretFields = ['password', 'token', 'code', 'secret', 'csrf', 'challenge', 'backupCodes', 'cookie'];
const redactPaths = secretFields.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } }, destination);
}

export type { Logger };
