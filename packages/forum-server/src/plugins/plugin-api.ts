import type { ServerPluginApi } from 'forum-plugin-api/server';
import { HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import { requireAdmin, requireUser } from '../http/guards.js';
import { queueMemberMail } from '../mail/mail-outbox.js';
import { SealedBox } from '../secrets/sealed-box.js';
import { endSessionsOf } from '../sessions/sessions.js';
import { consumeSecondFactorGrant } from '../sessions/second-factor-grants.js';
import { recentAuthUntil } from '../sessions/recent-auth.js';
import type { LoadedPlugin } from './plugin-loader.js';

/** The API object one plugin's `register(api)` receives; what it adds is kept in services.extensions. */
export function createServerPluginApi(plugin: LoadedPlugin, services: ForumServices): ServerPluginApi {
  const box = new SealedBox(services.masterKey.derive(`plugin:${plugin.manifest.name}`));
  return {
    name: plugin.manifest.name,
    db: services.db,
    databaseKind: services.databaseKind,
    clock: services.clock,
    attemptLimiter: (name, rules) => services.attemptLimits.limiter(`${plugin.manifest.name}:${name}`, rules),
    logger: services.logger.child({ plugin: plugin.manifest.name }),
    siteSettings: services.settings,
    secrets: { seal: (p, ad) => box.seal(p, ad), open: (s, ad) => box.open(s, ad) },
    addRoutes(define) {
      services.extensions.routes.push(define);
    },
    addApiMiddleware(middleware) {
      services.extensions.apiMiddleware.push(middleware);
    },
    addCliCommand(command) {
      if (services.extensions.cliCommands.has(command.name)) throw new Error(`${plugin.manifest.name}: CLI command ${command.name} exists already`);
      services.extensions.cliCommands.set(command.name, command);
    },
    requireUser,
    requireAdmin,
    recentAuthUntil: (ctx) => recentAuthUntil(ctx, services.settings, services.clock),
    endSessions: (userId, options) => endSessionsOf(services.db, userId, options),
    queueMail: (db, mail) => queueMemberMail(db, services.logger, mail),
    registerSecondFactorProvider(provider) {
      if (services.secondFactors.provider) throw new Error(`${plugin.manifest.name}: another plugin already provides second factors`);
      services.secondFactors.provider = provider;
    },
    consumeSecondFactorGrant: (ctx, grant) => consumeSecondFactorGrant(services.db, services.clock, ctx.state.session.id, grant),
    httpError: (status, code, message, headers) => new HttpError(status, code, message, headers),
  };
}
