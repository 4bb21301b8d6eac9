import Application from '@ember/application';
import compatModules from '@embroider/virtual/compat-modules';
import Resolver from 'ember-resolver';
import loadInitializers from 'ember-load-initializers';
import config from 'forum-app/config/environment';
import setupInspector from '@embroider/legacy-inspector-support/ember-source-4.12';
import { startLocale } from 'forum-app/i18n';

export default class App extends Application {
  modulePrefix = config.modulePrefix;
  podModulePrefix = config.podModulePrefix;
  Resolver = Resolver.withModules(compatModules);
  inspector = setupInspector(this);
}

// compatModules includes the `app-js` of every v2 addon dependency, so plugin
// instance-initializers (e.g. @second-factor/frontend's) run without any edit here.
loadInitializers(App, config.modulePrefix, compatModules);

// Before anything renders: strings, dates and numbers in the browser's language when the forum
// (host and plugins) has messages for it.
startLocale();
