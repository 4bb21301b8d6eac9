import Service, { service } from '@ember/service';
import { tracked } from '@glimmer/tracking';
import type ApiService from './api';
import type { SiteResponse } from 'forum-app/api/types';
import { t } from 'forum-app/i18n';

/** The forum's public facts: title and the site settings exposed to the browser. */
export default class SiteService extends Service {
  @service declare api: ApiService;

  @tracked title = t('forum.site.default_title');
  @tracked settings: Record<string, unknown> = {};

  /** Loads the site's facts; resolves with who is logged in, which comes with them. */
  async load(): Promise<SiteResponse['currentUser']> {
    const site = await this.api.get<SiteResponse>('/api/site');
    this.title = site.title;
    this.settings = site.settings;
    return site.currentUser;
  }

  /** Settings an admin just saved: the header and plugins read them without a reload. */
  applySaved(values: Record<string, unknown>): void {
    if (typeof values['title'] === 'string') this.title = values['title'];
    const exposed = Object.keys(values).filter((name) => name in this.settings);
    if (exposed.length > 0)
      this.settings = { ...this.settings, ...Object.fromEntries(exposed.map((name) => [name, values[name]])) };
  }
}
