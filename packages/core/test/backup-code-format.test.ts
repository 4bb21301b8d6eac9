import QUnit from 'qunit';
import { BACKUP_CODE_ALPHABET, formatBackupCode, identifierOf, normalizeBackupCode, secretBits } from '../src/index.js';

const { module, test } = QUnit;

module('backup code format', () => {
  test('the alphabet is Crockford base32: 32 characters without I, L, O, U', (assert) => {
    assert.strictEqual(BACKUP_CODE_ALPHABET.length, 32);
    assert.strictEqual(new Set(BACKUP_CODE_ALPHABET).size, 32);
    for (const confusable of 'ILOU') assert.notOk(BACKUP_CODE_ALPHABET.includes(confusable), confusable);
  });

  test('codes are shown in groups of four', (assert) => {
    assert.strictEqual(formatBackupCode('AB12CD34EF56'), 'AB12-CD34-EF56');
    assert.strictEqual(formatBackupCode('AB12CD34EF56GH'), 'AB12-CD34-EF56-GH');
    assert.strictEqual(
      formatBackupCode('AB12-CD34-EF56'),
      'AB12-CD34-EF56',
      'formatting a formatted code changes nothing',
    );
  });

  test('typed input ignores case, spaces and dashes, and reads I/L as 1 and O as 0', (assert) => {
    assert.strictEqual(normalizeBackupCode('ab12-cd34-ef56'), 'AB12CD34EF56');
    assert.strictEqual(normalizeBackupCode(' AB12 CD34\tEF56 '), 'AB12CD34EF56');
    assert.strictEqual(normalizeBackupCode('il0o-0000-0000'), '110000000000');
    assert.strictEqual(normalizeBackupCode('ＡＢ12CD34EF56'), 'AB12CD34EF56', 'full-width letters fold to ASCII');
  });

  test('wrong length or characters outside the alphabet are not codes', (assert) => {
    assert.strictEqual(normalizeBackupCode('AB12CD34EF5'), null, '11 characters is too short');
    assert.strictEqual(
      normalizeBackupCode('AB12CD34EF567'),
      'AB12CD34EF567',
      'longer codes from a longer-code setting are read',
    );
    assert.strictEqual(normalizeBackupCode('A'.repeat(21)), null, 'longer than any allowed code');
    assert.strictEqual(normalizeBackupCode('AB12CD34EFU6'), null, 'U is not in the alphabet');
    assert.strictEqual(normalizeBackupCode('AB12CD34EF5!'), null);
    assert.strictEqual(normalizeBackupCode(''), null);
  });
});

QUnit.module('backup code entropy', () => {
  QUnit.test('the shortest allowed code carries 50 bits of secret, behind a 2-character identifier', (assert) => {
    assert.strictEqual(secretBits(12), 50);
    assert.strictEqual(identifierOf('AB12CD34EF56'), 'AB');
  });
});
