import { startForum } from '../forum.js';

export async function serveCommand(): Promise<number> {
  const forum = await startForum();
  console.log(`\nThe forum is running at ${forum.url} (database: ${forum.services.databaseKind}).`);
  if (forum.setupUrl) {
    console.log(`\nNo admin exists yet. Open this one-time link to create the admin account:\n\n  ${forum.setupUrl}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await forum.stop();
  return 0;
}
