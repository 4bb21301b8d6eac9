import fc from 'fast-check';
import { hostileJson, hostileKey } from './hostile-values.js';

export type Json = Record<string, unknown>;

/** Follows local `$ref`s (`#/components/...`) in the OpenAPI document; siblings of the ref are merged over it. */
export function resolveRef(document: Json, schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  let target: unknown = document;
  for (const segment of ref.replace(/^#\//, '').split('/')) target = (target as Json | undefined)?.[segment];
  if (!target || typeof target !== 'object') throw new Error(`unresolved $ref ${ref}`);
  const { $ref: _ref, ...siblings } = schema;
  return { ...resolveRef(document, target as Json), ...siblings };
}

/**
 * `valid`: only what the schema allows (to reach the code behind the validation: lookups,
 * hashing, the database). `hostile`: at every level, now and then, something else instead
 * (wrong types, control characters, 10 kB strings, off-by-one lengths, missing and extra
 * fields, prototype-polluting keys).
 */
export type Mode = 'valid' | 'hostile';

function stringFor(schema: Json, mode: Mode): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
  if (typeof schema.pattern === 'string') {
    // Only the schema's own bounds: a pattern like `{43}` knows its length better than a default.
    const fits = (s: string) =>
      s.length >= minLength && (typeof schema.maxLength !== 'number' || s.length <= schema.maxLength);
    return fc.stringMatching(new RegExp(schema.pattern), { size: 'small' }).filter(fits);
  }
  if (schema.format === 'email') return fc.emailAddress().filter((s) => s.length <= maxLength);
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  const lengths = mode === 'valid' ? [minLength, maxLength] : [minLength - 1, minLength, maxLength, maxLength + 1];
  // Lengths at both ends of the range come up often: off-by-one bugs live there.
  return fc.oneof(
    fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 20), unit: 'grapheme' }),
    fc.integer({ min: minLength, max: maxLength }).map((n) => 'a'.repeat(n)),
    fc.constantFrom(...lengths.filter((n) => n >= 0)).map((n) => 'b'.repeat(n)),
  );
}

function integerFor(schema: Json, mode: Mode): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -(2 ** 31);
  const max = typeof schema.maximum === 'number' ? schema.maximum : 2 ** 31 - 1;
  return fc.oneof(
    fc.integer({ min, max }),
    fc.constantFrom(...(mode === 'valid' ? [min, max] : [min, max, min - 1, max + 1])),
  );
}

/** Values for a JSON schema of the document. Only the keywords the document uses are understood. */
export function valueFor(document: Json, raw: Json, mode: Mode): fc.Arbitrary<unknown> {
  const schema = resolveRef(document, raw);
  const generated = generatedValueFor(document, schema, mode);
  // The document's own examples are realistic inputs (real setting names, a 6-digit code).
  const examples = (schema.examples ?? []) as unknown[];
  const shaped = examples.length > 0 ? fc.oneof(generated, fc.constantFrom(...examples)) : generated;
  return mode === 'valid' ? shaped : fc.oneof({ arbitrary: shaped, weight: 3 }, { arbitrary: hostileJson, weight: 1 });
}

function generatedValueFor(document: Json, schema: Json, mode: Mode): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => valueFor(document, v, mode)));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...types.map((type) => valueOfType(document, schema, type, mode)));
}

function valueOfType(document: Json, schema: Json, type: string | undefined, mode: Mode): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringFor(schema, mode);
    case 'integer':
      return integerFor(schema, mode);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? valueFor(document, schema.items as Json, mode) : hostileJson, { maxLength: 4 });
    case 'object':
      return objectFor(document, schema, mode);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectFor(document: Json, schema: Json, mode: Mode): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = Object.keys(properties).filter((name) => ((schema.required ?? []) as string[]).includes(name));
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, valueFor(document, property, mode)]),
  );
  const exampleKeys = ((schema.examples ?? []) as Json[]).flatMap((example) => Object.keys(example));
  const knownKeys = exampleKeys.length > 0 ? [fc.constantFrom(...exampleKeys)] : [];
  if (Object.keys(model).length === 0 && typeof schema.additionalProperties === 'object') {
    // A map (site settings by name): its keys are the input.
    const keys =
      mode === 'valid' && knownKeys.length > 0
        ? knownKeys[0]!
        : fc.oneof(hostileKey, fc.string({ maxLength: 30 }), ...knownKeys);
    const minKeys = mode === 'valid' && typeof schema.minProperties === 'number' ? schema.minProperties : 0;
    return fc
      .dictionary(keys, valueFor(document, schema.additionalProperties as Json, mode), { minKeys, maxKeys: 4 })
      .map((entries) => withOwnKeys(entries));
  }
  const complete = fc.record(model, { requiredKeys: required });
  if (mode === 'valid') return complete;
  // Required fields are there most of the time; missing ones, and undeclared ones, are cases too.
  const declared = fc.oneof(
    { arbitrary: complete, weight: 5 },
    { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 1 },
  );
  const extraKeys = fc.oneof(hostileKey, fc.string({ maxLength: 30 }), ...knownKeys);
  const extras = fc.oneof(
    { arbitrary: fc.constant({}), weight: 4 },
    { arbitrary: fc.dictionary(extraKeys, hostileJson, { minKeys: 1, maxKeys: 2 }), weight: 1 },
  );
  return fc.tuple(declared, extras).map(([fields, extra]) => withOwnKeys(fields, extra));
}

/** Merges with `defineProperty`, so a `__proto__` key is an own field (and serialised), not a prototype change. */
function withOwnKeys(...parts: object[]): Json {
  const out: Json = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part))
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
