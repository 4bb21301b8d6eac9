import Route from '@ember/routing/route';
import { service } from '@ember/service';
import LoginModal from 'forum-app/components/login-modal';
import type RouterService from '@ember/routing/router-service';
import type ModalService from 'forum-app/services/modal';
import type SessionService from 'forum-app/services/session';

/** Admins only: others go home (and are asked to log in when they are not). */
export default class AdminRoute extends Route {
  @service declare session: SessionService;
  @service declare modal: ModalService;
  @service declare router: RouterService;

  beforeModel(): void {
    if (this.session.isAdmin) return;
    this.router.transitionTo('index');
    if (!this.session.isLoggedIn) this.modal.show(LoginModal, undefined);
  }
}
