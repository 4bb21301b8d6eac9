/**
 * What a call to the forum's API rejects with, and the words a member reads for it. Shared by
 * the host's pages and the plugins', so every form says the same thing for the same failure.
 */
import { translator } from './i18n.js';
import messages from './translations/en.json' with { type: 'json' };

/** The plugin API's own words, in the one store (their keys are the host's `forum.`). */
const t = translator(messages);

/**
 * What `PluginApi.request` rejects with when the server answers non-2xx: the API's
 * `{error: {code, message}}`. Branch on `code`; `message` is written for the member.
 */
export interface PluginApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds from a `Retry-After` header (429 answers), else null. */
  readonly retryAfter: number | null;
}

/**
 * True when `error` is an API error answer (as opposed to a network failure or a bug). By name
 * and shape, not `instanceof`: a plugin never imports the host's error class.
 */
export function isApiError(error: unknown): error is PluginApiError {
  return (
    error instanceof Error &&
    error.name === 'ApiError' &&
    typeof (error as Partial<PluginApiError>).code === 'string' &&
    typeof (error as Partial<PluginApiError>).status === 'number'
  );
}

/** The text to show a member for anything a request threw. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  // fetch rejects with a TypeError when no answer came at all.
  if (error instanceof TypeError) return t('forum.errors.network');
  return t('forum.errors.unknown');
}
