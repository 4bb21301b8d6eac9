import Koa from 'koa';
import Router from '@koa/router';
import type { ForumServices } from './forum-services.js';
import { bodilessDelete } from './http/bodiless-delete.js';
import { errorHandler } from './http/error-handler.js';
import { requestLocale } from './i18n.js';
import type { HostRouter, HostState } from './http/host-state.js';
import { jsonBody } from './http/json-body.js';
import { methodErrorsAsJson } from './http/method-errors.js';
import { securityHeaders } from './http/security-headers.js';
import { serveApp } from './http/static-app.js';
import { refuseControlCharactersInUrl } from './http/url-input.js';
import type { ForumRouter } from 'forum-plugin-api/server';
import { accountRoutes } from './routes/account-routes.js';
import { trustedDeviceRoutes } from './routes/trusted-device-routes.js';
import { adminSettingsRoutes } from './routes/admin-settings-routes.js';
import { adminUserRoutes } from './routes/admin-user-routes.js';
import { adminMailRoutes } from './routes/admin-mail-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { setupRoutes } from './routes/setup-routes.js';
import { siteRoutes } from './routes/site-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { csrfProtection } from './sessions/csrf.js';
import { AnonymousTokens } from './sessions/anonymous-tokens.js';
import { sessionMiddleware } from './sessions/session-middleware.js';

/**
 * The Koa app: the request's locale, security headers, JSON errors, then `/api` (session, CSRF,
 * routes), then the Ember app.
 */
export function buildApp(
  services: ForumServices,
  options: { appDist: string | null; trustedProxies: number },
): Koa<HostState> {
  // Koa keeps the last `maxIpsCount` entries of X-Forwarded-For and takes the first of those:
  // the address the client-facing proxy appended (the one it saw), which the client cannot choose.
  const app = new Koa<HostState>({ proxy: options.trustedProxies > 0, maxIpsCount: options.trustedProxies });
  app.silent = true; // errors are logged by errorHandler, once, without secrets

  const api: HostRouter = new Router<HostState>({ prefix: '/api' });
  const anonymousTokens = new AnonymousTokens(services.masterKey.derive('anonymous-session'));
  // Bad characters in the URL are refused first, before any work (even a session lookup).
  api.use(
    refuseControlCharactersInUrl(),
    sessionMiddleware(services.db, services.clock, anonymousTokens),
    csrfProtection(services.csrfKey),
    jsonBody(),
    bodilessDelete(),
  );
  // Plugins see the request state without the host's private fields (the raw session token).
  const pluginView = api as unknown as ForumRouter;
  for (const middleware of services.extensions.apiMiddleware) pluginView.use(middleware);
  const { setupAllowed } = services.extensions;
  // A member whom enforcement holds can still log in and out and load the site.
  setupAllowed.define(api, true, () => sessionRoutes(api, services));
  userRoutes(api, services);
  accountRoutes(api, services);
  trustedDeviceRoutes(api, services);
  setupAllowed.define(api, true, () => siteRoutes(api, services));
  setupRoutes(api, services);
  adminSettingsRoutes(api, services);
  adminUserRoutes(api, services);
  adminMailRoutes(api, services);
  for (const { define, options } of services.extensions.routes)
    setupAllowed.define(api, options.allowDuringSetup === true, () => define(pluginView));

  // First: everything after it, errors and mails included, speaks the request's language.
  app.use(requestLocale());
  app.use(securityHeaders());
  app.use(errorHandler(services.logger));
  app.use(api.routes());
  app.use(methodErrorsAsJson());
  app.use(api.allowedMethods({ throw: false }));
  if (options.appDist) app.use(serveApp(options.appDist));
  return app;
}
