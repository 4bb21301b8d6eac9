import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type RouterService from '@ember/routing/router-service';

/** `/u/:username/preferences` opens the first tab. */
export default class PreferencesIndexRoute extends Route {
  @service declare router: RouterService;

  beforeModel(): void {
    this.router.replaceWith('preferences.account');
  }
}
