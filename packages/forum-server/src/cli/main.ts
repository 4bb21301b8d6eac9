import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { HttpError } from '../errors.js';
import { PluginManifestError } from '../plugins/manifest.js';
import { KeyMismatchError } from '../secrets/key-fingerprint.js';
import { createAdminCommand } from './create-admin.js';
import { mailCommand } from './mail.js';
import { migrateCommand } from './migrate.js';
import { serveCommand } from './serve.js';
import { settingsCommand } from './settings.js';
import { unlockCommand } from './unlock.js';
import { openForum } from '../forum.js';

const usage = `Usage: forum <command>

Commands:
  serve                              start the forum (what npm start runs)
  migrate                            bring the database schema up to date
  create-admin --username U --email E [--password P]
                                     create an admin (asks for the password when not given;
                                     FORUM_ADMIN_PASSWORD is read too)
  settings get [name]                print one or all site settings
  settings set <name> <value>        change a site setting (value as JSON or plain text)
  unlock <username>                  clear a member's lockout (wrong passwords and codes)
  mail test <address>                send one test mail through SMTP_URL and print the answer

Plugins add their own commands (for the two-factor plugin: reset-2fa <username>).

Environment: DATABASE_URL, DATA_DIR, SECRET_KEY, PORT, HOST, LOG_LEVEL, SMTP_URL, MAIL_FROM,
PUBLIC_URL (see README.md).`;

/** Runs one CLI command; returns the process exit code. Expected failures print one clear line. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand();
      case 'migrate':
        return await migrateCommand();
      case 'create-admin':
        return await createAdminCommand(
          parseArgs({
            args: rest,
            options: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
          }).values,
        );
      case 'settings':
        return await settingsCommand(rest);
      case 'unlock':
        return await unlockCommand(rest);
      case 'mail':
        return await mailCommand(rest);
      case undefined:
      case 'help':
      case '--help':
        console.log(usage);
        return command === undefined ? 1 : 0;
      default:
        return await pluginCommand(command, rest);
    }
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof PluginManifestError ||
      error instanceof KeyMismatchError ||
      error instanceof HttpError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      console.error(`forum ${command}: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

/** A command added by a plugin through api.addCliCommand, or the usage for an unknown one. */
async function pluginCommand(name: string, args: string[]): Promise<number> {
  const forum = await openForum({ command: `forum ${name}`, logLevel: 'warn' });
  try {
    const command = forum.extensions.cliCommands.get(name);
    if (!command) {
      const pluginUsage = [...forum.extensions.cliCommands.values()].map((c) => `  ${c.usage}`).join('\n');
      console.error(
        `Unknown command "${name}".\n\n${usage}${pluginUsage ? `\n\nPlugin commands:\n${pluginUsage}` : ''}`,
      );
      return 1;
    }
    return await command.run(args, {
      log: (line) => console.log(line),
      error: (line) => console.error(`forum ${name}: ${line}`),
    });
  } finally {
    await forum.close();
  }
}
