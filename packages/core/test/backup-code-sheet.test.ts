import QUnit from 'qunit';
import { backupCodeSheetFilename, renderBackupCodeSheet } from '../src/index.js';

const { module, test } = QUnit;

module('backup code sheet', () => {
  test('names the forum, the member and the date, numbers the codes and says how to use them', (assert) => {
    const text = renderBackupCodeSheet({
      forumName: 'Night Owls',
      username: 'alice',
      createdAt: new Date('2026-11-20T10:00:00Z'),
      codes: ['AB12CD34EF56', 'GH78JK90MN12'],
    });
    assert.strictEqual(
      text,
      [
        'Night Owls — backup codes for alice',
        'Created 2026-11-20',
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
    assert.strictEqual(renderBackupCodeSheet({ ...sheet, codes: ['AB12-CD34-EF56'] }), renderBackupCodeSheet({ ...sheet, codes: ['AB12CD34EF56'] }));
  });

  test('numbers line up past nine codes', (assert) => {
    const text = renderBackupCodeSheet({ forumName: 'F', username: 'u', createdAt: new Date(0), codes: Array.from({ length: 10 }, () => 'AB12CD34EF56') });
    assert.ok(text.includes('\n 1. AB12-CD34-EF56\n'));
    assert.ok(text.includes('\n10. AB12-CD34-EF56\n'));
  });

  test('the file name is built from the forum and the member, without unsafe characters', (assert) => {
    assert.strictEqual(backupCodeSheetFilename('Night Owls', 'alice'), 'night-owls-alice-backup-codes.txt');
    assert.strictEqual(backupCodeSheetFilename('Café / Forum', 'bob.smith'), 'cafe-forum-bob.smith-backup-codes.txt');
    assert.strictEqual(backupCodeSheetFilename('///', 'x'), 'forum-x-backup-codes.txt');
  });
});
