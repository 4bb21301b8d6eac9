import type { ServerPluginApi } from 'forum-plugin-api/server';
import { HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import { forumRequest } from '../http/forum-request.js';
import { requireAdmin, requireUser } from '../http/guards.js';
import { idParam, parseBody, parseInput } from '../http/parse.js';
import { queueMemberMail } from '../mail/mail-outbox.js';
import { SealedBox } from '../secrets/sealed-box.js';
import { deferWrite } from '../sessions/deferred-writes.js';
import { endSessionsOf } from '../sessions/sessions.js';
import { consumeSecondFactorGrant } from '../sessions/second-factor-grants.js';
import { revokeLoginChallengesOf } from '../sessions/login-challenges.js';
import { endTrustedDevices } from '../sessions/known-devices.js';
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
    publicUrl: () => services.publicUrl,
    attemptLimiter: (name, rules) => services.attemptLimits.limiter(`${plugin.manifest.name}:${name}`, rules),
    logger: services.logger.child({ plugin: plugin.manifest.name }),
    siteSettings: services.settings,
    secrets: { seal: (p, ad) => box.seal(p, ad), open: (s, ad) => box.open(s, ad) },
    request: (ctx) => forumRequest(ctx, services.settings),
    addRoutes(define, options = {}) {
      services.extensions.routes.push({ define, options });
    },
    allowedDuringSetup: (ctx) => services.extensions.setupAllowed.allows(ctx),
    parseBody: (ctx, schema) => parseBody(ctx, schema),
    parse: parseInput,
    idParam,
    users: services.users,
    addApiMiddleware(middleware) {
      services.extensions.apiMiddleware.push(middleware);
    },
    addCliCommand(command) {
      if (services.extensions.cliCommands.has(command.name))
        throw new Error(`${plugin.manifest.name}: CLI command ${command.name} exists already`);
      services.extensions.cliCommands.set(command.name, command);
    },
    requireUser,
    requireAdmin,
    recentAuthUntil: (ctx) => recentAuthUntil(ctx, services.settings, services.clock),
    endSessions: (userId, options, db) => endSessionsOf(db ?? services.db, userId, options),
    revokeLoginChallenges: (userId, db) => revokeLoginChallengesOf(db ?? services.db, userId),
    endTrustedDevices: (userId, db) => endTrustedDevices(db ?? services.db, services.clock.now(), userId),
    queueMail: (db, mail, options) => queueMemberMail(db, services.logger, mail, options?.alongside),
    deferWrite: (request, write) => deferWrite(request, () => write),
    registerSecondFactorProvider(provider) {
      if (services.secondFactors.provider)
        throw new Error(`${plugin.manifest.name}: another plugin already provides second factors`);
      services.secondFactors.provider = provider;
    },
    consumeSecondFactorGrant: (ctx, grant) =>
      consumeSecondFactorGrant(services.db, services.clock, ctx.state.session.id, grant),
    httpError: (status, code, message, headers) => new HttpError(status, code, message, headers),
  };
}
