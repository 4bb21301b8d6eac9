import QUnit from 'qunit';
import { backupCodeHashEvaluations } from '../src/index.js';
import { logInWithBackupCode, setSettings } from './support/backup-codes.js';
import { memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';

const { module, test } = QUnit;

module('backup code checks cost one argon2 evaluation', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  hooks.after(async () => {
    await setSettings(forum(), { backup_codes_count: 10 });
  });

  for (const stored of [5, 10, 20]) {
    test(`with ${stored} codes stored: right code, wrong code and unknown identifier each cost exactly one`, async (assert) => {
      await setSettings(forum(), { backup_codes_count: stored });
      const enrolled = await memberWithAuthenticator(forum());
      const codes = enrolled.enableResponse.backupCodes as string[];
      assert.strictEqual(codes.length, stored);
      const known = codes[0]!.slice(0, 2);
      const unknownIdentifier = ['00', '11', 'ZZ', 'AB', 'YX', '98'].find(
        (id) => !codes.some((c) => c.startsWith(id)),
      )!;
      const attempts = [
        codes[stored - 1]!, // right
        `${known}00-0000-0000`, // known identifier, wrong secret
        `${unknownIdentifier}00-0000-0000`, // no such row: a dummy evaluation
      ];
      for (const attempt of attempts) {
        const before = backupCodeHashEvaluations();
        await logInWithBackupCode(forum(), enrolled, attempt);
        assert.strictEqual(backupCodeHashEvaluations() - before, 1, attempt.slice(0, 2));
      }
    });
  }
});
