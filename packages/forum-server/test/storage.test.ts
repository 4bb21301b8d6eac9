import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QUnit from 'qunit';
import { openForum, startForum } from '../src/index.js';
import { createTestDatabase, forumBin } from '../src/testing/index.js';

const { module, test } = QUnit;
const onPglite = !process.env.DATABASE_URL;

module('embedded database lock', () => {
  (onPglite ? test : QUnit.skip)(
    'a second process on the same data directory exits at once, naming the holder',
    async (assert) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forum-lock-'));
      const forum = await openForum({
        databaseUrl: null,
        dataDir,
        pluginManifests: [],
        logLevel: 'silent',
        command: 'forum serve',
      });
      try {
        const second = spawnSync(process.execPath, [forumBin, 'migrate'], {
          env: { ...process.env, DATA_DIR: dataDir, PLUGINS: '' },
          encoding: 'utf8',
          timeout: 30000,
        });
        assert.strictEqual(second.status, 1);
        assert.ok(second.stderr.includes(`in use by process ${process.pid} ("forum serve"`), second.stderr);
        await assert.rejects(
          openForum({ databaseUrl: null, dataDir, pluginManifests: [], logLevel: 'silent' }),
          /already open in this process/,
        );
      } finally {
        await forum.close();
      }
      const reopened = await openForum({ databaseUrl: null, dataDir, pluginManifests: [], logLevel: 'silent' });
      assert.ok(reopened, 'the lock is released on close');
      await reopened.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  );
});

module('secret key', () => {
  test('an instance started with a different key than the database knows refuses to start', async (assert) => {
    const database = await createTestDatabase();
    try {
      const first = await startForum({
        ...database.config,
        port: 0,
        serveApp: false,
        pluginManifests: [],
        logLevel: 'silent',
      });
      await first.stop();
      await assert.rejects(
        startForum({
          ...database.config,
          secretKey: randomBytes(32),
          port: 0,
          serveApp: false,
          pluginManifests: [],
          logLevel: 'silent',
        }),
        /different secret key/,
      );
      const again = await startForum({
        ...database.config,
        port: 0,
        serveApp: false,
        pluginManifests: [],
        logLevel: 'silent',
      });
      await again.stop();
    } finally {
      await database.drop();
    }
  });

  test('without SECRET_KEY a key file is created with mode 0600 and reused', async (assert) => {
    const database = await createTestDatabase();
    try {
      const forum = await startForum({
        ...database.config,
        secretKey: null,
        port: 0,
        serveApp: false,
        pluginManifests: [],
        logLevel: 'silent',
      });
      await forum.stop();
      const keyFile = path.join(database.config.dataDir, 'secret.key');
      assert.strictEqual(fs.statSync(keyFile).mode & 0o777, 0o600);
      const key = fs.readFileSync(keyFile, 'utf8');
      const again = await startForum({
        ...database.config,
        secretKey: null,
        port: 0,
        serveApp: false,
        pluginManifests: [],
        logLevel: 'silent',
      });
      await again.stop();
      assert.strictEqual(fs.readFileSync(keyFile, 'utf8'), key, 'same key on the second start');
    } finally {
      await database.drop();
    }
  });
});
