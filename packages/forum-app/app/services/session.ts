import Service, { service } from '@ember/service';
import { tracked } from '@glimmer/tracking';
import ApiError from 'forum-app/api/api-error';
import type ApiService from './api';
import type { CurrentUser, LoginResponse, SecondFactorRequiredResponse, UserResponse } from 'forum-app/api/types';
import type { IdentityConfirmation, SecondFactorAnswer } from 'forum-plugin-api/frontend';

/** `POST /api/session/confirm`'s answer; the grant only when a second factor was checked. */
interface ConfirmResponse {
  confirmedAt: string;
  secondFactorGrant?: string;
}

/**
 * Who is logged in, and the calls that change it. It knows nothing of plugins: whoever must
 * react to a login (the plugin API's route guards) subscribes with `onLoggedIn`.
 */
export default class SessionService extends Service {
  @service declare api: ApiService;

  @tracked user: CurrentUser | null = null;
  #loggedInListeners: ((user: CurrentUser) => void)[] = [];

  /** Hear about every completed login; the returned function stops listening. */
  onLoggedIn(listener: (user: CurrentUser) => void): () => void {
    this.#loggedInListeners.push(listener);
    return () => {
      this.#loggedInListeners = this.#loggedInListeners.filter((known) => known !== listener);
    };
  }

  get isLoggedIn(): boolean {
    return this.user !== null;
  }

  get isAdmin(): boolean {
    return this.user?.admin === true;
  }

  /** Ask the server who we are; 404 means logged out. */
  async load(): Promise<void> {
    try {
      const { user } = await this.api.get<UserResponse>('/api/session/current');
      this.user = user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.user = null;
        return;
      }
      throw error;
    }
  }

  /**
   * The password step. Either logs in, or answers the second-factor challenge for the
   * caller (the login modal) to hand to whoever can complete it.
   */
  async login(login: string, password: string): Promise<SecondFactorRequiredResponse | null> {
    const response = await this.api.post<LoginResponse>('/api/session', { login, password });
    if ('secondFactorRequired' in response) return response;
    this.loggedIn(response.user);
    return null;
  }

  /**
   * The login's second step, answering the password step's challenge. The server starts the
   * session; the caller (the plugin's connector, through the login modal) then calls
   * `loggedIn`, so it can read what it needs before the modal closes.
   */
  async completeSecondFactor(
    answer: SecondFactorAnswer & { challenge: string; rememberDevice?: boolean },
  ): Promise<CurrentUser> {
    const { challenge, method, token, rememberDevice } = answer;
    const { user } = await this.api.post<UserResponse>('/api/session/second-factor', {
      challenge,
      method,
      token,
      ...(rememberDevice ? { rememberDevice } : {}),
    });
    return user;
  }

  /** Options a second-factor method needs before it can answer (a security key's), bound to the login challenge. */
  secondFactorOptions<Options>({ challenge, method }: { challenge: string; method: string }): Promise<Options> {
    return this.api.post<Options>(`/api/session/second-factor/${encodeURIComponent(method)}-options`, { challenge });
  }

  /** Options for logging in with a passkey, bound to this browser's session. */
  passkeyOptions<Options>(): Promise<Options> {
    return this.api.post<Options>('/api/session/passkey-options', {});
  }

  /** Logs in with a passkey's answer; the caller (the plugin's connector) then calls `loggedIn`. */
  async logInWithPasskey(response: object): Promise<CurrentUser> {
    const { user } = await this.api.post<UserResponse>('/api/session/passkey', { response });
    return user;
  }

  /** "Confirm it's you": reopens the recent-login window; a second factor only when given. */
  async confirmIdentity({
    password,
    secondFactor,
  }: {
    password: string;
    secondFactor?: SecondFactorAnswer | null;
  }): Promise<IdentityConfirmation> {
    const body = secondFactor ? { password, method: secondFactor.method, token: secondFactor.token } : { password };
    const answer = await this.api.post<ConfirmResponse>('/api/session/confirm', body);
    return { confirmedAt: answer.confirmedAt, secondFactorGrant: answer.secondFactorGrant ?? null };
  }

  async signup(username: string, email: string, password: string): Promise<void> {
    const { user } = await this.api.post<UserResponse>('/api/users', { username, email, password });
    this.loggedIn(user);
  }

  async logout(): Promise<void> {
    await this.api.delete('/api/session');
    this.user = null;
    this.api.forgetCsrfToken();
  }

  /** Any flow that ends with the server setting a session cookie ends here. */
  loggedIn(user: CurrentUser): void {
    this.user = user;
    // The server rotated the session id, and with it the CSRF token.
    this.api.forgetCsrfToken();
    // Plugins' route guards may not let this member stay where they are (enforced setup).
    for (const listener of this.#loggedInListeners) listener(user);
  }
}
