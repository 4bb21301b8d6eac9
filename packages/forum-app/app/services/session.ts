import Service, { service } from '@ember/service';
import { tracked } from '@glimmer/tracking';
import ApiError from 'forum-app/api/api-error';
import type ApiService from './api';
import type PluginApiService from './plugin-api';
import type {
  CurrentUser,
  LoginResponse,
  SecondFactorRequiredResponse,
  UserResponse,
} from 'forum-app/api/types';

/** Who is logged in, and the calls that change it. */
export default class SessionService extends Service {
  @service declare api: ApiService;
  @service('plugin-api') declare pluginApi: PluginApiService;

  @tracked user: CurrentUser | null = null;

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
    void this.pluginApi.recheckRouteGuards();
  }
}
