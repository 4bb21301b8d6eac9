import Service, { service } from '@ember/service';
import { tracked } from '@glimmer/tracking';
import type ApiService from './api';
import type { SiteResponse } from 'forum-app/api/types';

/** The forum's public facts: title and the site settings exposed to the browser. */
export default class SiteService extends Service {
  @service declare api: ApiService;

  @tracked title = 'Forum';
  @tracked settings: Record<string, unknown> = {};

  /** Loads the site's facts; resolves with who is logged in, which comes with them. */
  async load(): Promise<SiteResponse['currentUser']> {
    const site = await this.api.get<SiteResponse>('/api/site');
    this.title = site.title;
    this.settings = site.settings;
    return site.currentUser;
  }
}
