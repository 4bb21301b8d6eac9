export { createTestDatabase, type TestDatabase } from './test-database.js';
export { TestClient, type ApiResponse } from './test-client.js';
export { quietForumOptions, startTestForum, type TestForum } from './test-forum.js';
export { writeSiteSettings } from './site-settings.js';
export { AdjustableClock } from '../clock.js';
export { checkResponsesAgainst } from './response-check.js';
export { OpenApiResponses } from './openapi-responses.js';
export { queriesDuring, type LoggedQuery } from './query-log.js';
export { translationFileReport, type TranslationFileReport } from './translation-file.js';
