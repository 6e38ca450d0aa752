// Headless Chromium for tests that must see a page as a person would (Debian's `chromium`,
// driven by playwright-core: no browser download). Screenshots go to .ci/artifacts/ (git-ignored),
// which CI keeps as artefacts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { REPO } from './cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO, '.ci', 'artifacts');

/** Open `html` in a fresh headless page of the given size, run `fn`, always close the browser. */
export async function withPage<T>(html: string, opts: { width: number; height?: number }, fn: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: opts.width, height: opts.height ?? 800 } });
    // Nothing leaves the machine: a test page that reaches the network is a bug.
    await page.route(/^(?!data:|about:)/, (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

/** Full-page screenshot to .ci/artifacts/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
