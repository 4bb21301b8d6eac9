import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type PluginApiService from 'forum-app/services/plugin-api';
import type SessionService from 'forum-app/services/session';
import type SiteService from 'forum-app/services/site';

export interface ApplicationModel {
  title: string;
}

/** Loads what every page needs before the first render: the site and who is logged in. */
export default class ApplicationRoute extends Route<ApplicationModel> {
  @service declare site: SiteService;
  @service declare session: SessionService;
  @service('plugin-api') declare pluginApi: PluginApiService;

  async model(): Promise<ApplicationModel> {
    this.session.user = await this.site.load();
    // The first navigation's guards ran before we knew who is logged in: run them again.
    if (this.session.isLoggedIn) await this.pluginApi.recheckRouteGuards();
    return { title: this.site.title };
  }
}
