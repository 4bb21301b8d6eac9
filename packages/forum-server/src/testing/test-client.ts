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
  /**
   * Run on every response of every client (set up by the test suites' helpers with
   * `checkResponsesAgainst`): throws when the body does not match the API document.
   */
  static responseCheck:
    ((method: string, url: URL, response: ApiResponse<unknown>, contentType: string | null) => void) | null = null;

  private cookie: string | null = null;
  /** The browser's device token (a known device once it has logged in), kept like a browser keeps it. */
  private deviceCookie: string | null = null;
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

  /** Sends `other`'s device cookie from now on (the same browser, on another instance). */
  useDeviceOf(other: TestClient): this {
    this.deviceCookie = other.deviceCookie;
    return this;
  }

  /** Sends this device token from now on: a forged or stale cookie. */
  useDeviceToken(token: string | null): this {
    this.deviceCookie = token;
    return this;
  }

  get deviceToken(): string | null {
    return this.deviceCookie;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (method !== 'GET' && method !== 'HEAD' && options.csrf !== false)
      headers['x-csrf-token'] = await this.csrfToken();
    const cookies = [
      this.cookie && `forum_session=${this.cookie}`,
      this.deviceCookie && `forum_device=${this.deviceCookie}`,
    ].filter(Boolean);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
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
    const result = { status: response.status, headers: response.headers, body: parsed as T, text };
    TestClient.responseCheck?.(method, new URL(`${this.baseUrl}${path}`), result, response.headers.get('content-type'));
    return result;
  }

  get<T = Record<string, unknown>>(path: string, options?: { headers?: Record<string, string> }) {
    return this.request<T>('GET', path, options);
  }
  post<T = Record<string, unknown>>(
    path: string,
    json?: unknown,
    options?: { headers?: Record<string, string>; csrf?: boolean },
  ) {
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
      const session = /^forum_session=([^;]*)/.exec(line);
      if (session) this.cookie = session[1] || null;
      const device = /^forum_device=([^;]*)/.exec(line);
      if (device) this.deviceCookie = device[1] || null;
    }
  }
}
