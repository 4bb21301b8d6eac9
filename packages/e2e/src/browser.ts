import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** One flag list for every Chromium the tests start (the Ember suites' testem launcher reads it too). */
const chromiumFlags = JSON.parse(
  fs.readFileSync(new URL('../../../../scripts/chromium-flags.json', import.meta.url), 'utf8'),
) as string[];

/**
 * Debian's Chromium, headless, with nothing that reaches for the network on its own (the
 * machines have no network but the package registries).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
  });
}

/** Fails the journey on any uncaught page error: a broken screen must not pass as a slow one. */
export function watchForPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
