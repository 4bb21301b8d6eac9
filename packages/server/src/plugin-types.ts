import type { ForumRequest, HostSettingValues, ServerPluginApi, SettingValuesOf } from 'forum-plugin-api/server';

/** plugin.json, as a type: its settings are declared there once, with their types. */
type Manifest = typeof import('../../../plugin.json');

/** Every setting the plugin reads: its own from plugin.json, and the host's (the forum's title). */
export type SecondFactorSettings = HostSettingValues & SettingValuesOf<Manifest['settings']>;

export type PluginApi = ServerPluginApi<SecondFactorSettings>;
export type PluginRequest = ForumRequest<SecondFactorSettings>;

/**
 * Where a change came from, for the audit log and the mail it sends: a request, or the
 * operator's CLI (no address). The settings are the snapshot the change was made under.
 */
export interface ChangeSource {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly settings: SecondFactorSettings;
}
