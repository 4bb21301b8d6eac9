import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { resolveRef, type Json } from './schema-arbitrary.js';

export const openapiPath = fileURLToPath(new URL('../../../../../../docs/openapi.yaml', import.meta.url));

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema: Json;
}

/** One documented route, with what the fuzzer needs to call it. */
export interface DocumentedOperation {
  method: string;
  template: string;
  parameters: Parameter[];
  /** The JSON body schema, or null for a route that documents no body. */
  bodySchema: Json | null;
  /** The route reads a JSON body (documented, or it answers 415 to other bodies). */
  readsBody: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function loadDocument(): Json {
  return parse(readFileSync(openapiPath, 'utf8')) as Json;
}

/** Every operation of docs/openapi.yaml: the list the fuzzer walks, so a new route is fuzzed as soon as it is documented. */
export function documentedOperations(document: Json): DocumentedOperation[] {
  const operations: DocumentedOperation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const operation = raw as Json;
      const parameters = ((operation.parameters ?? []) as Json[]).map(
        (p) => resolveRef(document, p) as unknown as Parameter,
      );
      const body = ((operation.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as
        Json | undefined;
      const bodySchema = (body?.schema as Json | undefined) ?? null;
      const responses = operation.responses as Json;
      operations.push({
        method: method.toUpperCase(),
        template,
        parameters,
        bodySchema,
        readsBody: bodySchema !== null || '415' in responses,
      });
    }
  }
  return operations;
}
