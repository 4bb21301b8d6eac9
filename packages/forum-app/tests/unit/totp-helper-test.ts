import { module, test } from 'qunit';
import { base32Decode, totpCode } from 'forum-app/tests/helpers/totp';

// The test helper must be right before the journeys can trust it: RFC 6238 Appendix B.
module('Unit | test helper | totp', function () {
  // "12345678901234567890" in Base32: the RFC's SHA-1 key.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  test('decodes Base32', function (assert) {
    assert.strictEqual(new TextDecoder().decode(base32Decode(rfcSecret)), '12345678901234567890');
  });

  test('matches the RFC 6238 SHA-1 vectors', async function (assert) {
    assert.strictEqual(await totpCode(rfcSecret, 59_000, 8), '94287082');
    assert.strictEqual(await totpCode(rfcSecret, 1_111_111_109_000, 8), '07081804');
    assert.strictEqual(await totpCode(rfcSecret, 1_234_567_890_000, 8), '89005924');
    assert.strictEqual(await totpCode(rfcSecret, 20_000_000_000_000, 8), '65353130');
    assert.strictEqual(await totpCode(rfcSecret, 59_000), '287082', 'six digits by default');
  });
});
