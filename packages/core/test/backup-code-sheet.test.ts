import QUnit from 'qunit';
import { backupCodeSheetFilename, backupCodeSheetTime, renderBackupCodeSheet } from '../src/index.js';

const { module, test } = QUnit;

module('backup code sheet', () => {
  test('names the forum, the member and the time to the minute, numbers the codes and says how to use them', (assert) => {
    const text = renderBackupCodeSheet({
      forumName: 'Night Owls',
      username: 'alice',
      // Local time: the member reads the sheet in their own clock, like the panel.
      createdAt: new Date(2026, 10, 20, 10, 4, 59),
      codes: ['AB12CD34EF56', 'GH78JK90MN12'],
    });
    assert.strictEqual(
      text,
      [
        'Night Owls — backup codes for alice',
        'Created 2026-11-20 10:04',
        '',
        'Each code works once. Use one when you are asked for a code from your authenticator app',
        'and do not have your phone: choose "Use a backup code instead" and type it in.',
        'Cross out each code after using it. Creating new codes makes all of these stop working.',
        '',
        '1. AB12-CD34-EF56',
        '2. GH78-JK90-MN12',
        '',
        'Keep this somewhere safe, away from your phone.',
        '',
      ].join('\n'),
    );
  });

  test('codes as the API sends them (already grouped) print the same', (assert) => {
    const sheet = { forumName: 'F', username: 'u', createdAt: new Date(0) };
    assert.strictEqual(
      renderBackupCodeSheet({ ...sheet, codes: ['AB12-CD34-EF56'] }),
      renderBackupCodeSheet({ ...sheet, codes: ['AB12CD34EF56'] }),
    );
  });

  test('numbers line up past nine codes', (assert) => {
    const text = renderBackupCodeSheet({
      forumName: 'F',
      username: 'u',
      createdAt: new Date(0),
      codes: Array.from({ length: 10 }, () => 'AB12CD34EF56'),
    });
    assert.ok(text.includes('\n 1. AB12-CD34-EF56\n'));
    assert.ok(text.includes('\n10. AB12-CD34-EF56\n'));
  });

  test('the file name is built from the forum, the member and the time, without unsafe characters', (assert) => {
    const at = new Date(2026, 10, 20, 9, 5);
    assert.strictEqual(
      backupCodeSheetFilename('Night Owls', 'alice', at),
      'night-owls-alice-backup-codes-2026-11-20-0905.txt',
    );
    assert.strictEqual(
      backupCodeSheetFilename('Café / Forum', 'bob.smith', at),
      'cafe-forum-bob.smith-backup-codes-2026-11-20-0905.txt',
    );
    assert.strictEqual(backupCodeSheetFilename('///', 'x', at), 'forum-x-backup-codes-2026-11-20-0905.txt');
  });

  test('two batches made the same day get different file names and sheets', (assert) => {
    const morning = new Date(2026, 10, 20, 9, 5);
    const later = new Date(2026, 10, 20, 9, 41);
    assert.notStrictEqual(backupCodeSheetFilename('F', 'u', morning), backupCodeSheetFilename('F', 'u', later));
    const sheet = (createdAt: Date) =>
      renderBackupCodeSheet({ forumName: 'F', username: 'u', createdAt, codes: ['AB12CD34EF56'] });
    assert.notStrictEqual(sheet(morning), sheet(later));
    assert.deepEqual(backupCodeSheetTime(later), { text: '2026-11-20 09:41', fileStamp: '2026-11-20-0941' });
  });
});
