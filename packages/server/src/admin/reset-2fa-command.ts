import type { CliCommand } from 'forum-plugin-api/server';
import type { PluginApi } from '../plugin-types.js';
import { resetSecondFactors } from './reset-second-factors.js';

/** `npx forum reset-2fa <username>`: the operator's way to help a locked-out member. */
export function reset2faCommand(api: PluginApi): CliCommand {
  return {
    name: 'reset-2fa',
    usage: "reset-2fa <username>               remove a member's authenticators and backup codes",
    async run(args, output) {
      const [username, ...extra] = args;
      if (!username || extra.length > 0) {
        output.error('Usage: forum reset-2fa <username>');
        return 1;
      }
      const member = await api.users.findByUsername(username);
      if (!member) {
        output.error(`There is no member named ${username}.`);
        return 1;
      }
      const from = { ip: null, userAgent: null, settings: await api.siteSettings.all() };
      const { removed, sessionsEnded } = await resetSecondFactors(api, api.db, {
        userId: member.id,
        actorId: null,
        from,
        sessionId: null,
        via: 'cli',
      });
      output.log(
        `Reset two-factor authentication for ${member.username}: removed ${removed} authenticator(s) and backup code(s), ended ${sessionsEnded} session(s).`,
      );
      return 0;
    },
  };
}
