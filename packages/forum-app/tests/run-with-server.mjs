// Runs the app's tests against a real forum server: start one on a fresh test database,
// create an admin for the admin tests, run `testem ci` with /api proxied to the server,
// plus the first-admin setup token, then stop everything and exit with testem's exit code.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startForum } from 'forum-server';
import { createTestDatabase } from 'forum-server/testing';

const database = await createTestDatabase();
let forum;
let exitCode = 1;
try {
  forum = await startForum({
    ...database.config,
    port: 0,
    host: '127.0.0.1',
    serveApp: false,
    logLevel: 'silent',
    // Behind testem's proxy: read the browser's host from X-Forwarded-Host (see testem.cjs).
    trustedProxies: 1,
  });

  // The one-time first-admin link exists until someone uses it: the setup test does.
  const setupToken = forum.setupUrl ? (new URL(forum.setupUrl, forum.url).searchParams.get('token') ?? '') : '';
  const admin = { username: `admin${Date.now().toString(36)}`, password: randomBytes(12).toString('hex') };
  await forum.createUser({ ...admin, email: `${admin.username}@example.test`, admin: true });

  exitCode = await runTestem({
    FORUM_API_URL: forum.url,
    FORUM_TEST_ADMIN: `${admin.username}:${admin.password}`,
    FORUM_TEST_SETUP_TOKEN: setupToken,
  });
} finally {
  await forum?.stop();
  await database.drop();
}
process.exit(exitCode);

function runTestem(env) {
  return new Promise((resolve, reject) => {
    const testem = spawn('npx', ['testem', 'ci', '--port', '0'], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    testem.on('error', reject);
    testem.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}
