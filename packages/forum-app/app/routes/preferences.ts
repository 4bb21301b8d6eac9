import Route from '@ember/routing/route';
import { service } from '@ember/service';
import LoginModal from 'forum-app/components/login-modal';
import type RouterService from '@ember/routing/router-service';
import type ModalService from 'forum-app/services/modal';
import type SessionService from 'forum-app/services/session';
import type { CurrentUser } from 'forum-app/api/types';

/** A member's own preferences; anyone else is sent to log in or to their own page. */
export default class PreferencesRoute extends Route<CurrentUser> {
  @service declare session: SessionService;
  @service declare modal: ModalService;
  @service declare router: RouterService;

  beforeModel(): void {
    if (!this.session.user) {
      this.router.transitionTo('index');
      this.modal.show(LoginModal, undefined);
    }
  }

  model(params: { username: string }): CurrentUser {
    const user = this.session.user;
    if (!user) throw new Error('beforeModel lets only logged-in members through');
    if (params.username.toLowerCase() !== user.username.toLowerCase()) {
      // Editing another member's preferences is not a thing (yet): show your own.
      this.router.replaceWith('preferences', user.username);
    }
    return user;
  }
}
