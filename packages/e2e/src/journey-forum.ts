import { startTestForum, type TestForum } from 'forum-server/testing';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';

export const pluginManifest = fileURLToPath(new URL('../../../../plugin.json', import.meta.url));

/** The real forum serving the built Ember app and the plugin, on its own fresh database. */
export function startForumWithApp(): Promise<TestForum> {
  return startTestForum({ pluginManifests: [pluginManifest], serveApp: true, logLevel: 'warn' });
}

/** For a QUnit module: a forum with the app and a Chromium, started before and stopped after. */
export function useForumAndBrowser(hooks: NestedHooks): () => { forum: TestForum; browser: Browser } {
  let forum: TestForum | null = null;
  let browser: Browser | null = null;
  hooks.before(async () => {
    forum = await startForumWithApp();
    browser = await launchChromium();
  });
  hooks.after(async () => {
    await browser?.close();
    await forum?.stop();
  });
  return () => {
    if (!forum || !browser) throw new Error('forum and browser not started');
    return { forum, browser };
  };
}

export interface Member {
  username: string;
  email: string;
  password: string;
}

/** Signs up through the header's "Sign up" modal, as a visitor would. */
export async function signUp(page: Page, member: Member): Promise<void> {
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Username').fill(member.username);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('dialog').getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** The password step of the login modal (a second step may follow). */
export async function logInWithPassword(page: Page, login: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('dialog').getByRole('button', { name: 'Log in', exact: true }).click();
}
