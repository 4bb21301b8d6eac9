import { z } from 'zod';
import type { HostSettingValues, SettingValue, SettingValues } from 'forum-plugin-api/server';
import { t } from '../i18n.js';

/**
 * How a site setting is declared, in plugin.json or by the host: its type, default, bounds and a
 * one-line description, the way Discourse's settings.yml does. `client: true` exposes the value
 * to the browser through `GET /api/site`. `sensitive: true` marks a setting whose change could
 * weaken sign-in security (second factors, attempt limits, the recent-auth window): an admin
 * changes it only within the recent-authentication window, whichever way it moves.
 */
const common = {
  /** What the admin page calls it ("Backup codes per batch"); the name stays for the CLI. */
  label: z.string().min(1).max(60),
  description: z.string().min(1).max(300),
  client: z.boolean().default(false),
  sensitive: z.boolean().default(false),
};

export const settingDeclarationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bool'), default: z.boolean(), ...common }),
  z.strictObject({
    type: z.literal('integer'),
    default: z.number().int(),
    min: z.number().int(),
    max: z.number().int(),
    ...common,
  }),
  z.strictObject({
    type: z.literal('string'),
    default: z.string(),
    maxLength: z.number().int().positive().default(200),
    ...common,
  }),
  z.strictObject({
    type: z.literal('enum'),
    default: z.string(),
    choices: z.array(z.string().min(1)).min(1),
    ...common,
  }),
]);

export type SettingDeclaration = z.infer<typeof settingDeclarationSchema>;

export type SettingDefinition = SettingDeclaration & {
  name: string;
  /** The plugin that declared it, or null for the host's own settings. */
  plugin: string | null;
};

/**
 * The check every write of a setting goes through; bounds come from the declaration. Refusals
 * name the setting by its label, as the admin page shows it, and by its name, as the CLI takes it.
 */
export function valueSchemaFor(definition: SettingDefinition): z.ZodType<SettingValue> {
  // Messages are functions: read only when a value is refused, in that request's locale.
  const setting = () => t('forum.settings.named', { label: definition.label, name: definition.name });
  switch (definition.type) {
    case 'bool':
      return z.boolean({ error: () => t('forum.settings.invalid.bool', { setting: setting() }) });
    case 'integer':
      return z
        .number({ error: () => t('forum.settings.invalid.integer', { setting: setting() }) })
        .int({ error: () => t('forum.settings.invalid.integer', { setting: setting() }) })
        .min(definition.min, {
          error: () => t('forum.settings.invalid.min', { setting: setting(), min: definition.min }),
        })
        .max(definition.max, {
          error: () => t('forum.settings.invalid.max', { setting: setting(), max: definition.max }),
        });
    case 'string':
      return z
        .string({ error: () => t('forum.settings.invalid.string', { setting: setting() }) })
        .max(definition.maxLength, {
          error: () => t('forum.settings.invalid.max_length', { setting: setting(), count: definition.maxLength }),
        })
        .refine((s) => !/[\p{Cc}]/u.test(s), {
          error: () => t('forum.settings.invalid.control_characters', { setting: setting() }),
        });
    case 'enum':
      return z.enum(definition.choices as [string, ...string[]], {
        error: () => t('forum.settings.invalid.enum', { setting: setting(), choices: definition.choices.join(', ') }),
      });
  }
}

/** What the host reads: its own settings by their declared types, and any other by name. */
export type HostSettings = HostSettingValues & SettingValues;

/**
 * The host's own settings; plugins add theirs from plugin.json. The plugin API's
 * `HostSettingValues` is the type of these values: the check below keeps the two the same.
 */
export const hostSettings: { [K in keyof HostSettingValues]: SettingDeclaration & { default: HostSettingValues[K] } } =
  {
    title: {
      label: 'Forum name',
      type: 'string',
      default: 'Forum',
      maxLength: 80,
      client: true,
      sensitive: false,
      description: 'The name of the forum, shown in the header, mails and authenticator apps.',
    },
    allow_new_registrations: {
      label: 'Allow sign-ups',
      type: 'bool',
      default: true,
      client: true,
      sensitive: false,
      description: 'Let visitors create accounts.',
    },
    login_max_failures_per_account: {
      label: 'Wrong passwords per account',
      type: 'integer',
      default: 20,
      min: 5,
      max: 100,
      client: false,
      sensitive: true,
      description: 'Wrong passwords allowed per account in 15 minutes before logins to it pause.',
    },
    login_max_failures_per_ip: {
      label: 'Wrong passwords per IP address',
      type: 'integer',
      default: 100,
      min: 10,
      max: 1000,
      client: false,
      sensitive: true,
      description: 'Wrong passwords allowed per IP address in 15 minutes before logins from it pause.',
    },
    // The host's: "confirm it's you" is the host's (POST /api/session/confirm), and it guards the
    // host's sensitive settings as well as plugins' changes.
    recent_auth_window_minutes: {
      label: 'Recent login window (minutes)',
      type: 'integer',
      default: 10,
      min: 1,
      max: 60,
      client: false,
      sensitive: true,
      description:
        'How long after a full login or "confirm it\'s you" sensitive changes (second factors, security settings) are allowed.',
    },
    // The host's: the device rows, their cookie and the login flow that skips the second step are
    // the host's; the plugin's UI reads it from GET /api/site (client).
    second_factor_trusted_device_days: {
      label: 'Trust a browser for (days)',
      type: 'integer',
      default: 30,
      min: 0,
      max: 365,
      client: true,
      sensitive: true,
      description:
        "At the login's second step members may trust their browser for this many days: it then asks only for the password. 0 turns it off.",
    },
  };
