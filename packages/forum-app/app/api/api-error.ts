import type { ApiErrorBody } from './types';

/** A non-2xx answer from the forum API; `message` is meant for the member. */
export default class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
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
      return new ApiError(response.status, body.error.code, body.error.message);
    }
    return new ApiError(
      response.status,
      'http_error',
      `The server answered ${response.status} ${response.statusText}.`.trim(),
    );
  }
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

/** The text to show a member for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Could not reach the forum. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
