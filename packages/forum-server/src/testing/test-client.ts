/** The response of one API call, body parsed when it is JSON. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * A browser-like client for tests: it keeps the session cookie, fetches the CSRF token when the
 * session changes and sends it on every state-changing request, exactly as the Ember app does.
 */
export class TestClient {
  private cookie: string | null = null;
  private csrf: { forCookie: string | null; token: string } | null = null;

  constructor(readonly baseUrl: string) {}

  get sessionCookie(): string | null {
    return this.cookie;
  }

  /** Sends `other`'s session cookie from now on: the same browser on another instance, or a stolen cookie. */
  useSessionOf(other: TestClient): this {
    this.cookie = other.cookie;
    return this;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (method !== 'GET' && method !== 'HEAD' && options.csrf !== false) headers['x-csrf-token'] = await this.csrfToken();
    if (this.cookie) headers.cookie = `forum_session=${this.cookie}`;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    this.rememberCookie(response.headers);
    const text = await response.text();
    let parsed: unknown = {};
    if (text && response.headers.get('content-type')?.includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = Record<string, unknown>>(path: string, options?: { headers?: Record<string, string> }) {
    return this.request<T>('GET', path, options);
  }
  post<T = Record<string, unknown>>(path: string, json?: unknown, options?: { headers?: Record<string, string>; csrf?: boolean }) {
    return this.request<T>('POST', path, { ...options, json });
  }
  put<T = Record<string, unknown>>(path: string, json?: unknown) {
    return this.request<T>('PUT', path, { json });
  }
  delete<T = Record<string, unknown>>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async csrfToken(): Promise<string> {
    if (this.csrf && this.csrf.forCookie === this.cookie) return this.csrf.token;
    const response = await this.get<{ csrf: string }>('/api/session/csrf');
    this.csrf = { forCookie: this.cookie, token: response.body.csrf };
    return this.csrf.token;
  }

  async signUp(user: { username: string; email: string; password: string }) {
    return this.post<{ user: { id: number; username: string } }>('/api/users', user);
  }

  async logIn(login: string, password: string) {
    return this.post('/api/session', { login, password });
  }

  private rememberCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const match = /^forum_session=([^;]*)/.exec(line);
      if (match) this.cookie = match[1] || null;
    }
  }
}
