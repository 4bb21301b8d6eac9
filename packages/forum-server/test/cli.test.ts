import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import QUnit from 'qunit';
import {
  createTestDatabase,
  forumBin,
  forumCommandEnv,
  runForumCommand,
  type TestDatabase,
} from '../src/testing/index.js';

const { module, test } = QUnit;

const { threadPoolSize } = createRequire(import.meta.url)('../../bin/thread-pool.cjs') as {
  threadPoolSize: (env: NodeJS.ProcessEnv) => string;
};

module('CLI: npx forum', (hooks) => {
  let database: TestDatabase;
  hooks.before(async () => {
    database = await createTestDatabase();
  });
  hooks.after(async () => {
    await database.drop();
  });

  const forum = (...args: string[]) => runForumCommand(database, args);

  test('migrate brings the schema up to date', (assert) => {
    const run = forum('migrate');
    assert.strictEqual(run.status, 0, run.stderr);
    assert.ok(run.stdout.includes('is up to date'));
  });

  test('create-admin creates an admin, and refuses bad input with a clear message', (assert) => {
    const ok = forum(
      'create-admin',
      '--username',
      'operator',
      '--email',
      'ops@example.test',
      '--password',
      'a long operator password',
    );
    assert.strictEqual(ok.status, 0, ok.stderr);
    assert.ok(ok.stdout.startsWith('Created admin operator <ops@example.test>'));
    const taken = forum(
      'create-admin',
      '--username',
      'operator',
      '--email',
      'ops2@example.test',
      '--password',
      'a long operator password',
    );
    assert.strictEqual(taken.status, 1);
    assert.ok(taken.stderr.includes('That username is taken.'));
    const weak = forum('create-admin', '--username', 'op2', '--email', 'ops3@example.test', '--password', 'short');
    assert.strictEqual(weak.status, 1);
    assert.ok(weak.stderr.includes('at least 10 characters'));
  });

  test('settings get and set, with validation', (assert) => {
    const set = forum('settings', 'set', 'title', 'Night Owls');
    assert.strictEqual(set.status, 0, set.stderr);
    assert.ok(set.stdout.includes('title = "Night Owls" (was "Forum")'));
    assert.strictEqual(forum('settings', 'get', 'title').stdout.trim(), '"Night Owls"');
    const bad = forum('settings', 'set', 'allow_new_registrations', 'maybe');
    assert.strictEqual(bad.status, 1);
    assert.ok(bad.stderr.includes('Allow sign-ups (allow_new_registrations) is true or false.'));
    const unknown = forum('settings', 'get', 'nope');
    assert.strictEqual(unknown.status, 1);
    assert.ok(forum('settings', 'get').stdout.includes('allow_new_registrations = true'));
  });

  test('an unknown command prints the usage and fails', (assert) => {
    const run = forum('frobnicate');
    assert.strictEqual(run.status, 1);
    assert.ok(run.stderr.includes('Usage: forum <command>'));
  });

  // libuv's thread pool, where argon2id runs: `npx forum` sizes it to the machine.
  test("one thread per core (at least 2) unless the operator's UV_THREADPOOL_SIZE says otherwise", (assert) => {
    assert.strictEqual(threadPoolSize({}), String(Math.max(2, os.availableParallelism())));
    assert.strictEqual(threadPoolSize({ UV_THREADPOOL_SIZE: '7' }), '7');
  });

  /** `forum serve` until it has started and answered a request (the pool is up by then), then its thread count. */
  async function threadsOfServe(poolSize: string | undefined): Promise<number> {
    const env: NodeJS.ProcessEnv = { ...forumCommandEnv(database), APP_DIST: '', PORT: '0' };
    if (poolSize === undefined) delete env.UV_THREADPOOL_SIZE;
    else env.UV_THREADPOOL_SIZE = poolSize;
    const child = spawn(process.execPath, [forumBin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const found = /running at (http:\/\/\S+) /.exec(out);
          if (found) resolve(found[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ login: 'nobody', password: 'not a password at all' }),
      });
      await login.arrayBuffer();
      return fs.readdirSync(`/proc/${child.pid}/task`).length;
    } finally {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }

  test('the forum command sizes the pool before it starts: an ES module entry would be too late', async (assert) => {
    const byDefault = await threadsOfServe(undefined);
    const six = await threadsOfServe('6');
    assert.strictEqual(
      six - byDefault,
      6 - Math.max(2, os.availableParallelism()),
      `${byDefault} threads, ${six} with 6`,
    );
  });
});
