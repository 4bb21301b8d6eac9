import type { SettingValue } from 'forum-plugin-api/server';
import { z } from 'zod';
import { logAdminAction } from '../admin/admin-actions.js';
import type { ForumServices } from '../forum-services.js';
import { requireAdmin } from '../http/guards.js';
import type { HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import { requireRecentAuth } from '../sessions/recent-auth.js';
import { t } from '../i18n.js';

const settingsUpdateBody = z.strictObject({
  settings: z
    .record(z.string().max(100), z.unknown())
    .refine((s) => Object.keys(s).length > 0, { error: () => t('forum.input.settings_required') }),
});

export function adminSettingsRoutes(router: HostRouter, { db, settings, clock, plugins }: ForumServices): void {
  const pluginTitles = new Map(plugins.map((p) => [p.manifest.name, p.manifest.title]));

  async function listing() {
    const values = await settings.all();
    return settings.list().map((d) => ({
      name: d.name,
      label: d.label,
      plugin: d.plugin,
      pluginTitle: d.plugin === null ? null : (pluginTitles.get(d.plugin) ?? d.plugin),
      type: d.type,
      description: d.description,
      default: d.default,
      value: values[d.name],
      sensitive: d.sensitive,
      ...(d.type === 'integer' ? { min: d.min, max: d.max } : {}),
      ...(d.type === 'enum' ? { choices: d.choices } : {}),
      ...(d.type === 'string' ? { maxLength: d.maxLength } : {}),
    }));
  }

  router.get('/admin/site-settings', async (ctx) => {
    requireAdmin(ctx);
    ctx.body = { settings: await listing() };
  });

  /**
   * Several settings at once, all or nothing; each change is logged with the admin. Changing a
   * setting declared `sensitive` (it could weaken sign-in security) needs the admin's recent
   * full authentication, so a stolen or forgotten admin session cannot do it.
   */
  router.put('/admin/site-settings', async (ctx) => {
    const admin = requireAdmin(ctx);
    const { settings: requested } = parseBody(ctx, settingsUpdateBody);
    const values: Record<string, SettingValue> = {};
    for (const [name, value] of Object.entries(requested)) values[name] = settings.parse(name, value);
    const current = await settings.all();
    const sensitiveChanges = Object.keys(values).filter(
      (name) => settings.definition(name)?.sensitive && current[name] !== values[name],
    );
    if (sensitiveChanges.length > 0)
      await requireRecentAuth(
        ctx,
        settings,
        clock,
        t('forum.errors.recent_auth_required.settings', { settings: sensitiveChanges.join(', ') }),
      );

    await db.transaction(async (trx) => {
      const before = await settings.write(trx, values, admin.id);
      for (const [name, value] of Object.entries(values)) {
        if (before[name] === value) continue;
        await logAdminAction(trx, {
          actorId: admin.id,
          action: 'site_setting_changed',
          subject: name,
          details: { previous: before[name], value },
          ip: ctx.ip,
        });
      }
    });
    ctx.body = { settings: await listing() };
  });
}
