import fc from 'fast-check';
import type { DocumentedOperation, Parameter } from './openapi-operations.js';
import {
  hostileBodyText,
  hostileJson,
  hostileKey,
  hostilePathValue,
  hostileString,
  percentEncode,
  rawUrlPiece,
} from './hostile-values.js';
import { resolveRef, valueFor, type Json } from './schema-arbitrary.js';

/** An id that exists at the time of the request (a persona's own, its authenticator's), resolved when sent. */
export type KnownId = 'self' | 'member' | 'admin' | 'authenticator';

export interface FuzzRequest {
  method: string;
  template: string;
  pathParts: Record<string, string | { known: KnownId }>;
  /** Already encoded: `a=1&b=%00`, or '' for none. */
  query: string;
  body: string | undefined;
  contentType: string;
  csrf: boolean;
  foreignOrigin: boolean;
}

/** Schema values as they travel in a URL: strings as they are, the rest as JSON would print them. */
function asUrlText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function pathValue(document: Json, parameter: Parameter): fc.Arbitrary<string | { known: KnownId }> {
  return fc.oneof(
    { arbitrary: valueFor(document, parameter.schema, 'valid').map((v) => percentEncode(asUrlText(v))), weight: 3 },
    {
      arbitrary: fc.constantFrom<KnownId>('self', 'member', 'admin', 'authenticator').map((known) => ({ known })),
      weight: 3,
    },
    { arbitrary: hostilePathValue, weight: 2 },
  );
}

function queryValue(document: Json, parameter: Parameter): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: valueFor(document, parameter.schema, 'valid').map((v) => percentEncode(asUrlText(v))), weight: 3 },
    { arbitrary: valueFor(document, parameter.schema, 'hostile').map((v) => percentEncode(asUrlText(v))), weight: 1 },
    { arbitrary: hostileString.map(percentEncode), weight: 1 },
    { arbitrary: rawUrlPiece, weight: 1 },
  );
}

function queryFor(document: Json, operation: DocumentedOperation): fc.Arbitrary<string> {
  const documented = operation.parameters.filter((p) => p.in === 'query');
  const pairs = documented.map((p) =>
    fc.option(
      fc
        .array(queryValue(document, p), { minLength: 1, maxLength: 2 })
        .map((values) => values.map((v) => `${p.name}=${v}`)),
      { freq: 3 },
    ),
  );
  const unknown = fc.option(
    fc.tuple(hostileKey, hostileString).map(([k, v]) => [`${percentEncode(k)}=${percentEncode(v)}`]),
    { freq: 1, nil: null },
  );
  return fc
    .tuple(fc.tuple(...pairs), unknown)
    .map(([known, extra]) => [...known.flatMap((p) => p ?? []), ...(extra ?? [])].join('&'));
}

/** `{"__proto__": …}` spliced into a shaped body as text: JSON.stringify never writes that key. */
function withProtoKey(text: string): string {
  return text.startsWith('{') && text.length > 2 ? `{"__proto__":{"admin":true},${text.slice(1)}` : text;
}

function bodyFor(document: Json, operation: DocumentedOperation): fc.Arbitrary<string | undefined> {
  if (!operation.readsBody) return fc.constant(undefined);
  const schema = operation.bodySchema ? resolveRef(document, operation.bodySchema) : null;
  const valid = schema ? valueFor(document, schema, 'valid') : fc.constant({});
  const hostile = schema ? valueFor(document, schema, 'hostile') : hostileJson;
  return fc.oneof(
    { arbitrary: valid.map((value) => JSON.stringify(value)), weight: 5 },
    { arbitrary: hostile.map((value) => JSON.stringify(value)), weight: 5 },
    { arbitrary: hostileBodyText, weight: 1 },
    { arbitrary: valid.map((value) => withProtoKey(JSON.stringify(value))), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** Long texts (10 kB strings) cut short, so a counterexample fits on a screen. */
function short(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…(${text.length} characters)` : text;
}

/** A request as one line: what a failure report prints. */
export function describeRequest(request: FuzzRequest): string {
  const path = request.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const part = request.pathParts[name];
    return typeof part === 'string' ? short(part) : `<${part?.known ?? '?'} id>`;
  });
  const flags = [request.csrf ? '' : 'no CSRF token', request.foreignOrigin ? 'foreign Origin' : '']
    .filter(Boolean)
    .join(', ');
  const body = request.body === undefined ? '' : ` ${request.contentType} ${JSON.stringify(short(request.body))}`;
  return `${request.method} ${path}${request.query ? `?${short(request.query)}` : ''}${body}${flags ? ` (${flags})` : ''}`;
}

/** Requests to one documented route: schema-shaped, hostile, and most often a mix of both. */
export function requestFor(document: Json, operation: DocumentedOperation): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  const pathParts = fc.record(Object.fromEntries(pathParameters.map((p) => [p.name, pathValue(document, p)])));
  return fc
    .record({
      method: fc.constant(operation.method),
      template: fc.constant(operation.template),
      pathParts,
      query: fc.oneof(
        { arbitrary: fc.constant(''), weight: 1 },
        { arbitrary: queryFor(document, operation), weight: 2 },
      ),
      body: bodyFor(document, operation),
      contentType: fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 12 },
        {
          arbitrary: fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=latin1',
          ),
          weight: 1,
        },
      ),
      csrf: fc.oneof({ arbitrary: fc.constant(true), weight: 12 }, { arbitrary: fc.constant(false), weight: 1 }),
      foreignOrigin: fc.oneof(
        { arbitrary: fc.constant(false), weight: 12 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
    })
    .map((request) => Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) }));
}

/** The URL path and query of a request, with known ids filled in from `ids`. */
export function urlOf(request: FuzzRequest, ids: Record<KnownId, number>): string {
  const path = request.template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const part = request.pathParts[name];
    if (part === undefined) return '1';
    return typeof part === 'string' ? part : String(ids[part.known]);
  });
  return request.query ? `${path}?${request.query}` : path;
}
