import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** The document is added to ajv under this id; its own `#/components/...` refs resolve inside it. */
const DOCUMENT_ID = 'openapi.yaml';

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Fixed segments: `/api/session/csrf` beats a `/api/session/{x}` it also matches. */
  literalSegments: number;
  responses: Json;
}

/**
 * A copy of the document where every object schema that lists its `properties` and says nothing
 * about others is closed (`additionalProperties: false`), as the document's preamble promises:
 * a response field the document does not name (a leaked secret, a renamed field) is drift too.
 */
function closeObjectSchemas(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closeObjectSchemas);
  if (value === null || typeof value !== 'object') return value;
  const copy: Json = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, closeObjectSchemas(item)]));
  const open = 'additionalProperties' in copy || 'unevaluatedProperties' in copy || 'patternProperties' in copy;
  if (copy.type === 'object' && typeof copy.properties === 'object' && !open) copy.additionalProperties = false;
  return copy;
}

/** `#/a/b` → a JSON pointer fragment with `~` and `/` escaped, for a ref into the document. */
function pointer(segments: string[]): string {
  return `#/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * The response schemas of an OpenAPI 3.1 document, checked with ajv (JSON Schema 2020-12, which
 * is what 3.1 schemas are, `$ref` with siblings included). Tests run every response they get
 * through `problemWith`, so the document and the server cannot drift apart unnoticed.
 */
export class OpenApiResponses {
  // Strict (an unknown keyword is a typo in the document), except strictTypes: the document narrows
  // `Error` with `properties` beside its `$ref`, valid 2020-12 that names no `type` at that level.
  private readonly ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    validateFormats: true,
  });
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  private readonly document: Json;

  constructor(document: Json) {
    this.document = closeObjectSchemas(document) as Json;
    formats.default(this.ajv, ['date-time', 'email']);
    // The document is not a schema: its top-level fields (`openapi`, `paths`, …) are declared as
    // inert keywords, so ajv can hold it as the root that every `#/components/...` ref resolves in,
    // while the schema fragments refs point at are compiled in strict mode.
    this.ajv.addVocabulary(Object.keys(this.document).filter((key) => !key.startsWith('$')));
    this.ajv.addSchema({ ...this.document, $id: DOCUMENT_ID }, DOCUMENT_ID, undefined, false);
    for (const [template, item] of Object.entries((this.document.paths ?? {}) as Record<string, Json>)) {
      for (const method of Object.keys(item).filter((m) => HTTP_METHODS.includes(m))) {
        const segments = template.split('/');
        const pattern = new RegExp(
          `^${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`,
        );
        const literalSegments = segments.filter((s) => !s.startsWith('{')).length;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          literalSegments,
          responses: (item[method] as Json).responses as Json,
        });
      }
    }
  }

  static fromFile(path: string): OpenApiResponses {
    return new OpenApiResponses(parse(readFileSync(path, 'utf8')) as Json);
  }

  /** The documented operation for a request, or null for a path the document does not describe. */
  operationFor(method: string, pathname: string): Operation | null {
    const matches = this.operations.filter((o) => o.method === method.toUpperCase() && o.pattern.test(pathname));
    return matches.sort((a, b) => b.literalSegments - a.literalSegments)[0] ?? null;
  }

  /**
   * Why a JSON response does not match the document, or null when it does. Paths and methods the
   * document does not describe (a test plugin's routes, the static app, probes of unknown routes)
   * are not checked here: the drift test (`openapi.test.ts`) covers which routes exist.
   */
  problemWith(method: string, pathname: string, status: number, body: unknown): string | null {
    const operation = this.operationFor(method, pathname);
    if (!operation) return null;
    const where = `${operation.method} ${operation.template} → ${status}`;
    const statusKey =
      String(status) in operation.responses ? String(status) : 'default' in operation.responses ? 'default' : null;
    if (!statusKey) return `${where}: status ${status} is not documented`;
    const validate = this.validatorFor(operation, statusKey);
    if (!validate) return `${where}: the document declares no JSON body for this status, the server sent one`;
    if (validate(body)) return null;
    const errors = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
    );
    return `${where}: the body does not match the documented schema: ${errors.join('; ')}; body: ${JSON.stringify(body).slice(0, 300)}`;
  }

  private validatorFor(operation: Operation, statusKey: string): ValidateFunction | null {
    const key = `${operation.method} ${operation.template} ${statusKey}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const path = this.responsePath([
      'paths',
      operation.template,
      operation.method.toLowerCase(),
      'responses',
      statusKey,
    ]);
    const content = this.at([...path, 'content', 'application/json']) as Json | undefined;
    if (!content?.schema) return null;
    const validate = this.ajv.compile({
      $ref: `${DOCUMENT_ID}${pointer([...path, 'content', 'application/json', 'schema'])}`,
    });
    this.compiled.set(key, validate);
    return validate;
  }

  /** Follows a response's `$ref` (`#/components/responses/…`) to where its content is written. */
  private responsePath(path: string[]): string[] {
    const ref = (this.at(path) as Json | undefined)?.$ref;
    if (typeof ref !== 'string') return path;
    return this.responsePath(
      ref
        .replace(/^#\//, '')
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
    );
  }

  private at(path: string[]): unknown {
    let value: unknown = this.document;
    for (const segment of path) value = (value as Json | undefined)?.[segment];
    return value;
  }
}
