import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

// For a reviewer to look at: packages/e2e/screenshots/ (ignored by git), or SCREENSHOT_DIR.
const screenshots = process.env.SCREENSHOT_DIR ?? fileURLToPath(new URL('../../screenshots/', import.meta.url));

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

/**
 * The page as it is now, at desktop and at phone width: `<name>-desktop.png`, `<name>-phone.png`.
 * `fullPage: false` shoots the window alone, as the member sees it: for an open dialog, which is
 * fixed to the window (a full-page shot paints a fixed, scrolling dialog wrongly in Chromium).
 */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const fullPage = options.fullPage ?? true;
  fs.mkdirSync(screenshots, { recursive: true });
  for (const [size, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(screenshots, `${name}-${size}.png`), fullPage });
  }
  await page.setViewportSize(desktop);
}
