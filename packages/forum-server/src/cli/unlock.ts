import { findUserByLogin } from '../accounts/users.js';
import { logAdminAction } from '../admin/admin-actions.js';
import { openForum } from '../forum.js';

/**
 * `npx forum unlock <username>`: clears a member's wrong-password and wrong-code counts, for the
 * operator whose admins are all locked out. Logged like an admin's unlock.
 */
export async function unlockCommand(args: string[]): Promise<number> {
  const [login, ...extra] = args;
  if (!login || extra.length > 0) {
    console.error('Usage: forum unlock <username>');
    return 1;
  }
  const forum = await openForum({ command: 'forum unlock', logLevel: 'warn' });
  try {
    const user = await findUserByLogin(forum.db, login);
    if (!user) {
      console.error(`forum unlock: there is no member named ${login}.`);
      return 1;
    }
    const wasLockedUntil = await forum.attemptLimits.lockedUntil(user.id);
    await forum.attemptLimits.unlock(user.id);
    await logAdminAction(forum.db, {
      actorId: null,
      action: 'member_unlocked',
      subject: user.username,
      details: { userId: user.id, wasLockedUntil: wasLockedUntil?.toISOString() ?? null, via: 'cli' },
      ip: null,
    });
    console.log(
      `Unlocked ${user.username}${wasLockedUntil ? ` (was locked until ${wasLockedUntil.toISOString()})` : ' (was not locked)'}: wrong passwords and codes are counted from zero again.`,
    );
    return 0;
  } finally {
    await forum.close();
  }
}
