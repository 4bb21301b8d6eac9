import { isApiError } from 'forum-plugin-api/frontend';

/** The text to show a member for anything a request threw. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof TypeError) return 'Could not reach the forum. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}

/** True when the server refused because of `code` (one of the API's stable error codes). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return isApiError(error) && error.code === code;
}
