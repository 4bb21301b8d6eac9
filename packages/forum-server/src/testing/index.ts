export { createTestDatabase, type TestDatabase } from './test-database.js';
export { TestClient, type ApiResponse } from './test-client.js';
export { startTestForum, type TestForum } from './test-forum.js';
export { writeSiteSettings } from './site-settings.js';
