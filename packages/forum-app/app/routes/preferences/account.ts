import Route from '@ember/routing/route';
import type { CurrentUser } from 'forum-app/api/types';

export default class PreferencesAccountRoute extends Route<CurrentUser> {
  model(): CurrentUser {
    return this.modelFor('preferences') as CurrentUser;
  }
}
