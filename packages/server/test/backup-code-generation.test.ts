import QUnit from 'qunit';
import { BACKUP_CODE_ALPHABET, identifierOf, normalizeBackupCode } from '@second-factor/core';
import { generateBackupCodes } from '../src/backup-codes/generate-backup-codes.js';

const { module, test } = QUnit;

module('backup code generation', () => {
  test('10,000 codes: every character of the alphabet at every position, no repeats', (assert) => {
    const codes: string[] = [];
    while (codes.length < 10_000) codes.push(...generateBackupCodes(20, 12));
    assert.strictEqual(new Set(codes).size, codes.length, 'no code repeats');
    for (let position = 0; position < 12; position++) {
      const seen = new Set(codes.map((c) => c[position]));
      assert.strictEqual(seen.size, 32, `position ${position} uses all 32 characters`);
    }
    // Each character should appear about 10000*12/32 = 3750 times; a biased generator drifts far.
    const counts = new Map<string, number>();
    for (const code of codes) for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (codes.length * 12) / 32;
    for (const c of BACKUP_CODE_ALPHABET) {
      const n = counts.get(c) ?? 0;
      assert.ok(Math.abs(n - expected) < expected * 0.1, `${c}: ${n} within 10% of ${expected}`);
    }
  });

  test('identifiers are unique within a batch, and codes read back unchanged', (assert) => {
    for (let i = 0; i < 200; i++) {
      const batch = generateBackupCodes(20, 12);
      assert.strictEqual(new Set(batch.map(identifierOf)).size, 20);
    }
    const [code] = generateBackupCodes(1, 16);
    assert.strictEqual(code!.length, 16);
    assert.strictEqual(normalizeBackupCode(code!.toLowerCase()), code);
  });
});
