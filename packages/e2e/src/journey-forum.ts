import { startTestForum, type TestForum } from 'forum-server/testing';
import { fileURLToPath } from 'node:url';

export const pluginManifest = fileURLToPath(new URL('../../../../plugin.json', import.meta.url));

/** The real forum serving the built Ember app and the plugin, on its own fresh database. */
export function startForumWithApp(): Promise<TestForum> {
  return startTestForum({ pluginManifests: [pluginManifest], serveApp: true, logLevel: 'warn' });
}
