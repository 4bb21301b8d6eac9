import EmberRouter from '@embroider/router';
import config from 'forum-app/config/environment';

export default class Router extends EmberRouter {
  location = config.locationType;
  rootURL = config.rootURL;
}

Router.map(function () {
  this.route('preferences', { path: '/u/:username/preferences' }, function () {
    this.route('account');
    this.route('security');
  });
  this.route('admin', function () {
    this.route('site-settings');
    this.route('users');
    this.route('user', { path: '/users/:id' });
    this.route('logs');
    this.route('mail');
  });
  this.route('setup');
  this.route('not-found', { path: '/*path' });
});
