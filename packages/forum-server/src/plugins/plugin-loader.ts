import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Migration, ServerPlugin } from 'forum-plugin-api/server';
import { hostSatisfies, PluginManifestError, readPluginManifest, type PluginManifest } from './manifest.js';

export interface LoadedPlugin {
  manifest: PluginManifest;
  manifestPath: string;
  server: ServerPlugin | null;
}

function isServerPlugin(value: unknown): value is ServerPlugin {
  const v = value as Partial<ServerPlugin> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.migrations) && typeof v.register === 'function';
}

/**
 * Reads each plugin.json and imports its server half, resolved from the manifest's own folder
 * (as a Discourse plugin's code lives beside its plugin.rb).
 */
export async function loadPlugins(manifestPaths: readonly string[], hostVersion: string): Promise<LoadedPlugin[]> {
  const plugins: LoadedPlugin[] = [];
  for (const manifestPath of manifestPaths) {
    const manifest = readPluginManifest(manifestPath);
    if (!hostSatisfies(hostVersion, manifest.minimumHostVersion)) {
      throw new PluginManifestError(
        `Plugin ${manifest.name} needs forum ${manifest.minimumHostVersion} or newer; this is ${hostVersion}.`,
      );
    }
    if (plugins.some((p) => p.manifest.name === manifest.name)) {
      throw new PluginManifestError(`Plugin ${manifest.name} is listed twice.`);
    }
    let server: ServerPlugin | null = null;
    if (manifest.server) {
      const resolved = createRequire(manifestPath).resolve(manifest.server);
      const module = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
      if (!isServerPlugin(module.default)) {
        throw new PluginManifestError(
          `Plugin ${manifest.name}: ${manifest.server} must default-export { migrations, register }.`,
        );
      }
      server = module.default;
    }
    plugins.push({ manifest, manifestPath, server });
  }
  return plugins;
}

export function pluginMigrations(plugins: readonly LoadedPlugin[]): Migration[] {
  return plugins.flatMap((p) =>
    p.server ? p.server.migrations.map((m) => ({ ...m, name: `${p.manifest.name}/${m.name}` })) : [],
  );
}
