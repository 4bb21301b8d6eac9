import type { RunningForum } from '../forum.js';

/**
 * Sets site settings for a test, validated exactly as the admin API validates them, without an
 * admin session (enforcement would block one that has no second factor).
 */
export async function writeSiteSettings(forum: RunningForum, values: Record<string, unknown>): Promise<void> {
  const store = forum.services.settings;
  const parsed = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, store.parse(name, value)]));
  await forum.services.db.transaction((trx) => store.write(trx, parsed, null));
}
