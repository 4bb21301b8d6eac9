import QUnit from 'qunit';
import { checkTotp, newTotpSecret, otpauthUri } from '../src/totp/totp-algorithm.js';
import { base32Decode, hotp, RFC6238_SHA1_SECRET_BASE32, RFC6238_SHA1_VECTORS, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module('TOTP algorithm', () => {
  test("the test client's own RFC 6238 reproduces Appendix B (SHA-1, 8 digits)", (assert) => {
    for (const { time, code } of RFC6238_SHA1_VECTORS)
      assert.strictEqual(totpAt(RFC6238_SHA1_SECRET_BASE32, time, 8), code, `T=${time}`);
    assert.strictEqual(hotp(Buffer.from('12345678901234567890'), 0), '755224', 'RFC 4226 Appendix D, count 0');
  });

  test('the server accepts the RFC 6238 Appendix B codes at their times (6-digit truncation)', async (assert) => {
    for (const { time, code } of RFC6238_SHA1_VECTORS) {
      const result = await checkTotp(RFC6238_SHA1_SECRET_BASE32, code.slice(-6), null, time);
      assert.true(result.valid, `T=${time}`);
    }
  });

  test('one step of drift either way is accepted, two are not', async (assert) => {
    const secret = newTotpSecret();
    const t = 1_700_000_010;
    for (const [offset, expected] of [
      [-60, false],
      [-30, true],
      [0, true],
      [30, true],
      [60, false],
    ] as const) {
      const result = await checkTotp(secret, totpAt(secret, t + offset), null, t);
      assert.strictEqual(result.valid, expected, `offset ${offset}s`);
    }
  });

  test('a code from the last accepted step or before is refused and reported as reused', async (assert) => {
    const secret = newTotpSecret();
    const t = 1_700_000_010;
    const first = await checkTotp(secret, totpAt(secret, t), null, t);
    assert.true(first.valid);
    const step = (first as { step: number }).step;
    assert.deepEqual(await checkTotp(secret, totpAt(secret, t), step, t), { valid: false, reused: true });
    assert.deepEqual(await checkTotp(secret, totpAt(secret, t - 30), step, t), { valid: false, reused: true });
    assert.true((await checkTotp(secret, totpAt(secret, t + 30), step, t)).valid, 'the next step still works');
    assert.deepEqual(
      await checkTotp(secret, '000000', step, t).then((r) => (r.valid ? 'valid' : 'invalid')),
      'invalid',
    );
  });

  test('secrets are 160 random bits and the otpauth URI names issuer and account', (assert) => {
    const secrets = new Set(Array.from({ length: 200 }, newTotpSecret));
    assert.strictEqual(secrets.size, 200, 'no repeats');
    for (const secret of secrets) assert.strictEqual(base32Decode(secret).length, 20);
    const uri = new URL(otpauthUri('Night Owls', 'alice', 'JBSWY3DPEHPK3PXP'));
    assert.strictEqual(uri.protocol, 'otpauth:');
    assert.strictEqual(uri.host, 'totp');
    assert.strictEqual(decodeURIComponent(uri.pathname), '/Night Owls:alice');
    assert.strictEqual(uri.searchParams.get('issuer'), 'Night Owls');
    assert.strictEqual(uri.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
    // SHA-1, 6 digits and 30 s are the Key Uri Format defaults, which otplib leaves implicit.
    assert.strictEqual(uri.searchParams.get('algorithm') ?? 'SHA1', 'SHA1');
    assert.strictEqual(uri.searchParams.get('digits') ?? '6', '6');
    assert.strictEqual(uri.searchParams.get('period') ?? '30', '30');
  });
});
