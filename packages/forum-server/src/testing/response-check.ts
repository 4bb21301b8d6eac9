import { OpenApiResponses } from './openapi-responses.js';
import { TestClient } from './test-client.js';

const documents = new Map<string, OpenApiResponses>();

/**
 * From now on every TestClient response with a JSON body is checked against the OpenAPI document
 * at `documentPath` (by method, path template and status); a mismatch throws from `request()`,
 * failing the test that made the request. Non-JSON answers (204, the static app) are skipped.
 * Idempotent: each test file's helpers may call it.
 */
export function checkResponsesAgainst(documentPath: string): void {
  let document = documents.get(documentPath);
  if (!document) {
    document = OpenApiResponses.fromFile(documentPath);
    documents.set(documentPath, document);
  }
  const responses = document;
  TestClient.responseCheck = (method, url, response, contentType) => {
    if (!contentType?.includes('json') || response.text === '') return;
    const problem = responses.problemWith(method, url.pathname, response.status, response.body);
    if (problem) throw new Error(`Response does not match ${documentPath}: ${problem}`);
  };
}
