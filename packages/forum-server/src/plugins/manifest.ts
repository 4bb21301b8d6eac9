import fs from 'node:fs';
import { z } from 'zod';
import { settingDeclarationSchema } from '../settings/setting-definition.js';

/** plugin.json: the plugin's identity, where its halves live, and its site settings. */
export const pluginManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'plugin names are lower-case words joined by "-"'),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  /** What admins read as the plugin's name (its settings' heading). */
  title: z.string().min(1).max(60),
  about: z.string(),
  authors: z.string().optional(),
  url: z.string().optional(),
  /** The lowest host version the plugin works with ("major.minor.patch"). */
  minimumHostVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  /** Package name of the server half (default-exports a ServerPlugin). */
  server: z.string().optional(),
  /** Package name of the Ember half (a v2 addon the app depends on). */
  frontend: z.string().optional(),
  /** The bool setting that switches the plugin's features on and off. */
  enabledSetting: z.string().optional(),
  settings: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), settingDeclarationSchema).default({}),
});

export type PluginManifest = z.infer<typeof pluginManifestSchema>;

export class PluginManifestError extends Error {}

export function readPluginManifest(file: string): PluginManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PluginManifestError(`Cannot read plugin manifest ${file}: ${(error as Error).message}`);
  }
  const parsed = pluginManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PluginManifestError(`Invalid plugin manifest ${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const manifest = parsed.data;
  if (manifest.enabledSetting && manifest.settings[manifest.enabledSetting]?.type !== 'bool') {
    throw new PluginManifestError(
      `Invalid plugin manifest ${file}: enabledSetting must name a bool setting of the plugin`,
    );
  }
  return manifest;
}

/** True when `host` (x.y.z) is at least `minimum` (x.y.z). */
export function hostSatisfies(host: string, minimum: string): boolean {
  const a = host.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
