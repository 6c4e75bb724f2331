import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../support/run-node-app';

/** Screenshots of the browser tests (gitignored); CI keeps them as test output. */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-output/viewer');

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Page errors, console errors, dialogs and CSP violations seen so far: a good run has none. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context (own localStorage) and page that records everything that should never
 * happen: uncaught errors, console errors, `alert()`-style dialogs, Content-Security-Policy
 * violations (an inline script or style the strict policy blocked).
 */
export async function openWatchedPage(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  // Runs before any page script, outside the page's CSP.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
    });`,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return { page, context, problems, close: () => context.close() };
}

/** Saves a full-page screenshot as test-output/viewer/<name>.png; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
