import fc from 'fast-check';

/**
 * What an attacker sends instead of what the document asks for. Every generator here is mixed
 * into the schema-shaped values (see schema-arbitrary.ts), so each field sees both.
 */

/** C0 (tab and newline included), DEL, C1 and lone surrogates: refused at the edge. */
export const FORBIDDEN_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
];

/** Well-formed but unusual: right-to-left override, zero-width space, BOM, emoji, combining marks, the replacement character. */
const ODD_BUT_WELL_FORMED = ['\u202e', '\u200b', '\ufeff', '😀', 'e\u0301', '\ufffd', 'İ', 'ß', 'ﬁ'];

const TEN_KB = 10 * 1024;

/** Strings with a forbidden character somewhere, at the start, the end or inside. */
export const forbiddenString = fc
  .tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...FORBIDDEN_CHARACTERS), fc.string({ maxLength: 6 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

export const hostileString = fc.oneof(
  { arbitrary: forbiddenString, weight: 4 },
  {
    arbitrary: fc.constantFrom('x'.repeat(TEN_KB), 'é'.repeat(TEN_KB / 2), '😀'.repeat(TEN_KB / 4), ' '.repeat(TEN_KB)),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '1',
      '-1',
      '0',
      '1e309',
      'NaN',
      'Infinity',
      '0x10',
      ' 1 ',
      '1.5',
      '9007199254740993',
      'true',
      'null',
      '[]',
      '{}',
    ),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      "'; drop table users; --",
      '%00',
      '../../etc/passwd',
      '<script>',
      '${7*7}',
    ),
    weight: 1,
  },
  {
    arbitrary: fc
      .array(fc.constantFrom(...ODD_BUT_WELL_FORMED, 'a', '1'), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join('')),
    weight: 1,
  },
  // Any UTF-16 code unit, so surrogate halves and every control character come up unprompted.
  {
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      maxLength: 12,
    }),
    weight: 2,
  },
);

export const hostileNumber = fc.constantFrom(
  -1,
  0,
  -0,
  1.5,
  -2147483648,
  2147483647,
  2147483648,
  4294967296,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1e-7,
);

/** Objects nested `depth` levels deep: cheap to send, expensive for a recursive walker. */
export const deeplyNested = fc.integer({ min: 2, max: 500 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
});

export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 1 },
  { arbitrary: fc.array(fc.oneof(hostileString, hostileNumber), { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  { arbitrary: deeplyNested, weight: 1 },
);

/** Field names nobody declared, including the ones that pollute prototypes. */
export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'admin', 'id', 'userId', ''),
  forbiddenString,
  fc.string({ maxLength: 8 }),
);

/** Raw body texts that no JSON.stringify would produce. */
export const hostileBodyText = fc.constantFrom(
  '',
  '{',
  '{"a":1e309}',
  '{"a":-1e309}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"a":1,"a":2}',
  '[]',
  '[1,2,3]',
  '"a string"',
  'null',
  '123',
  'true',
  '{"x":"\\u0000"}',
  '{"x":"\\ud800"}',
  '{"\\u0000":1}',
  `{"x":"${'y'.repeat(70 * 1024)}"}`,
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  '\u0000',
  '\ufeff{}',
);

/**
 * Percent-encodes any JS string, lone surrogates included (as the WTF-8 bytes a hand-written
 * request would carry), where encodeURIComponent would throw.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** Already-encoded URL pieces: malformed escapes, overlong NUL, encoded surrogates, slashes and dots. */
export const rawUrlPiece = fc.constantFrom(
  '%00',
  '%',
  '%Z',
  '%ZZ',
  '%C0%80',
  '%ED%A0%80',
  '%FF',
  '%E2%80%AE',
  '%7F',
  '%C2%85',
  '%0A',
  '%2F',
  '%2e%2e',
  '%252e',
  '+',
  '%20',
);

/** A path parameter as an attacker writes it (kept short enough for Node's 16 KiB header limit). */
export const hostilePathValue = fc.oneof(
  fc
    .constantFrom(
      '-1',
      '0',
      '-0',
      '2147483648',
      '99999999999999999999',
      '1e3',
      '0x1',
      '1.5',
      '01',
      'abc',
      'null',
      'undefined',
      '__proto__',
    )
    .map(percentEncode),
  forbiddenString.map(percentEncode),
  rawUrlPiece,
  fc.constant('x'.repeat(TEN_KB)),
);
