import type { ApiErrorBody } from './types';
import type { PluginApiError } from 'forum-plugin-api/frontend';
import { t } from 'forum-app/i18n';

/**
 * A non-2xx answer from the forum API; `message` is meant for the member. Plugins see it
 * as `PluginApiError` (and recognise it with `isApiError`, which checks `name`).
 */
export default class ApiError extends Error implements PluginApiError {
  readonly status: number;
  readonly code: string;
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** Build from a response whose body may or may not be our `{error: {code, message}}`. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // Not JSON (a proxy error page, say): fall through to the generic message.
    }
    if (isApiErrorBody(body)) {
      return new ApiError(response.status, body.error.code, body.error.message, retryAfterSeconds(response));
    }
    return new ApiError(
      response.status,
      'http_error',
      t('forum.errors.http', { status: response.status, statusText: response.statusText }).trim(),
    );
  }
}

/** `Retry-After` in seconds (429 answers); the HTTP-date form is not used by our server. */
function retryAfterSeconds(response: Response): number | null {
  const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}
