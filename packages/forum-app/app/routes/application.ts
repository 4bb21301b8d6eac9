import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type SessionService from 'forum-app/services/session';
import type SiteService from 'forum-app/services/site';

export interface ApplicationModel {
  title: string;
}

/** Loads what every page needs before the first render: the site and who is logged in. */
export default class ApplicationRoute extends Route<ApplicationModel> {
  @service declare site: SiteService;
  @service declare session: SessionService;

  async model(): Promise<ApplicationModel> {
    await Promise.all([this.site.load(), this.session.load()]);
    return { title: this.site.title };
  }
}
