import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type ApiService from 'forum-app/services/api';
import type { SiteSetting, SiteSettingsResponse } from 'forum-app/api/types';

export default class AdminSiteSettingsRoute extends Route<SiteSetting[]> {
  @service declare api: ApiService;

  async model(): Promise<SiteSetting[]> {
    const { settings } = await this.api.get<SiteSettingsResponse>('/api/admin/site-settings');
    return settings;
  }
}
