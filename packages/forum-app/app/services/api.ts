import Service from '@ember/service';
import { waitForPromise } from '@ember/test-waiters';
import ApiError from 'forum-app/api/api-error';
import type { HttpMethod as Method } from 'forum-plugin-api/frontend';

/**
 * The one place that talks HTTP to the forum: JSON in and out, the CSRF token on every
 * non-GET, and errors turned into ApiError.
 */
export default class ApiService extends Service {
  /** The pending or fetched token; shared so concurrent requests fetch it once. */
  #csrf: Promise<string> | null = null;
  #errorListeners: ((error: ApiError) => void)[] = [];

  /** Hear about every error answer, whoever made the request (plugins react to codes). */
  onError(listener: (error: ApiError) => void): void {
    this.#errorListeners.push(listener);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /**
   * Forget the token: the server rotates the session id (and its token) on login, logout
   * and sign-up, so the next write must fetch a fresh one.
   */
  forgetCsrfToken(): void {
    this.#csrf = null;
  }

  request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    // Registered with the test waiters so `await click(...)` in tests waits for the server.
    return waitForPromise(this.#send<T>(method, path, body));
  }

  async #send<T>(method: Method, path: string, body: unknown, retried = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = await this.#csrfToken();

    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });

    if (!response.ok) {
      const error = await ApiError.fromResponse(response);
      // The token went stale (session expired or rotated elsewhere): fetch a new one once.
      if (error.status === 403 && error.code === 'invalid_csrf' && !retried) {
        this.forgetCsrfToken();
        return this.#send<T>(method, path, body, true);
      }
      for (const listener of this.#errorListeners) listener(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  #csrfToken(): Promise<string> {
    if (!this.#csrf) {
      const pending = this.#fetchCsrfToken();
      this.#csrf = pending;
      // A failed fetch must not stick: the next request tries again.
      pending.catch(() => {
        if (this.#csrf === pending) this.#csrf = null;
      });
    }
    return this.#csrf;
  }

  async #fetchCsrfToken(): Promise<string> {
    const response = await fetch('/api/session/csrf', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) throw await ApiError.fromResponse(response);
    const { csrf } = (await response.json()) as { csrf: string };
    return csrf;
  }
}
