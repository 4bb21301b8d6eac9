import { HostErrorCode } from '../errors.js';
import type { ForumServices } from '../forum-services.js';
import type { HostRouter } from '../http/host-state.js';
import { hasAdmin } from '../setup/setup-tokens.js';
import { serializeUser } from '../models/user.js';
import { t } from '../i18n.js';

/** What the browser needs before anything else: the title, client settings and plugins. */
export function siteRoutes(router: HostRouter, { db, settings, plugins, databaseKind }: ForumServices): void {
  router.get('/site', async (ctx) => {
    const values = await settings.all();
    const clientSettings = Object.fromEntries(
      settings
        .list()
        .filter((d) => d.client)
        .map((d) => [d.name, values[d.name]]),
    );
    ctx.body = {
      title: values.title,
      settings: clientSettings,
      plugins: plugins.map((p) => ({
        name: p.manifest.name,
        version: p.manifest.version,
        enabled: p.manifest.enabledSetting ? values[p.manifest.enabledSetting] === true : true,
      })),
      setupRequired: !(await hasAdmin(db)),
      // Who is logged in, with the site: one request on page load, and no 404 when logged out.
      currentUser: ctx.state.currentUser ? serializeUser(ctx.state.currentUser) : null,
    };
  });

  router.get('/health', async (ctx) => {
    try {
      await db.raw('select 1');
      ctx.body = { ok: true, database: databaseKind };
    } catch {
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      ctx.body = {
        ok: false,
        database: databaseKind,
        error: { code: HostErrorCode.databaseUnavailable, message: t('forum.errors.database_unavailable_health') },
      };
    }
  });
}
