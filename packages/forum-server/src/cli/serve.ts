import { startForum } from '../forum.js';

export async function serveCommand(): Promise<number> {
  const forum = await startForum();
  // The public address, not the listening one: security keys work only there (localhost, not 127.0.0.1).
  console.log(`\nThe forum is running at ${forum.publicUrl} (database: ${forum.services.databaseKind}).`);
  if (forum.setupUrl) {
    const setupUrl = forum.setupUrl.replace(forum.url, forum.publicUrl);
    console.log(`\nNo admin exists yet. Open this one-time link to create the admin account:\n\n  ${setupUrl}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await forum.stop();
  return 0;
}
