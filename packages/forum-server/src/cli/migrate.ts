import { openForum } from '../forum.js';

export async function migrateCommand(): Promise<number> {
  // openForum migrates as it opens; this command is that step alone.
  const forum = await openForum({ command: 'forum migrate', logLevel: 'warn' });
  await forum.close();
  console.log(`Database (${forum.databaseKind}) is up to date.`);
  return 0;
}
