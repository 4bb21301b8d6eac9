import QUnit from 'qunit';
import type { SecondFactorsStatus } from '@second-factor/core';
import { logInWithBackupCode } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module('faults while replacing backup codes', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('the database failing midway through a new batch: 503, and every old code still works', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const old = enrolled.enableResponse.backupCodes as string[];
    const db = forum().forum.services.db;
    // A real fault inside PostgreSQL: the fifth code's insert fails as if the server shut down.
    await db.raw(`
      create function fail_fifth_backup_code() returns trigger language plpgsql as $$
      begin
        if new.method = 2 and (new.data->>'position')::int = 5 then
          raise exception 'simulated shutdown' using errcode = '57P01';
        end if;
        return new;
      end $$`);
    await db.raw(
      'create trigger fail_fifth_backup_code before insert on user_second_factors for each row execute function fail_fifth_backup_code()',
    );
    try {
      const response = await enrolled.client.post('/api/u/me/backup-codes', {
        method: 'totp',
        token: totpAt(enrolled.secret, nowSeconds() + 30),
      });
      assert.strictEqual(response.status, 503);
      assert.strictEqual(errorCode(response), 'database_unavailable');
      assert.notOk(response.text.includes('simulated'), 'no internals in the answer');
    } finally {
      await db.raw('drop trigger fail_fifth_backup_code on user_second_factors');
      await db.raw('drop function fail_fifth_backup_code');
    }
    const status = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual([status.body.backupCodes.total, status.body.backupCodes.remaining], [10, 10], 'no partial batch');
    const login = await logInWithBackupCode(forum(), enrolled, old[9]!);
    assert.strictEqual(login.response.status, 200, 'an old code still logs in');
  });
});
