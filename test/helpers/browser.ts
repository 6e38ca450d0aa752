// Headless Chromium for the HTML checks: Debian's `chromium` (installed by .ci/run) driven by
// playwright-core, no browser download. Screenshots go to .ci/artifacts/ (git-ignored), which
// CI keeps.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO } from './cli.js';

export const CHROMIUM = process.env.LM_POST_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO, '.ci', 'artifacts');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

let browser: Promise<Browser> | undefined;

async function launch(): Promise<Browser> {
  if (!browser) {
    const { chromium } = await import('playwright-core');
    // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
    browser = chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }
  return browser;
}

export async function closeBrowser(): Promise<void> {
  if (browser) {
    const b = browser;
    browser = undefined;
    await (await b).close();
  }
}

/** Open `html` in a fresh page of the given viewport, run `fn`, close the page. */
export async function withPage<T>(html: string, opts: { width: number; height?: number }, fn: (page: Page) => Promise<T>): Promise<T> {
  const b = await launch();
  const context = await b.newContext({ viewport: { width: opts.width, height: opts.height ?? 800 }, javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    // Nothing leaves the machine: a test page that reaches the network is a bug.
    await page.route(/^(?!data:|about:)/, (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** Full-page screenshot to .ci/artifacts/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface PageAudit {
  headings: { level: number; text: string }[];
  scrollWidth: number;
  clientWidth: number;
  /** Text elements whose contrast with their background is below 4.5:1 (WCAG AA). */
  lowContrast: { tag: string; text: string; ratio: number }[];
  lang: string;
  title: string;
}

// Runs in the page (a string, so the test code needs no DOM types): WCAG relative luminance and
// contrast ratio of each element's own text against its first opaque background.
const AUDIT = String.raw`(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 1];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p[3] ?? 1];
    };
    const lum = ([r, g, b]) => {
      const f = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.99) return c;
      }
      return [255, 255, 255, 1];
    };
    const lowContrast = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.display === 'none' || el.offsetParent === null && el.tagName !== 'BODY') continue;
      const fg = parse(st.color);
      const a = lum(fg);
      const b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) lowContrast.push({ tag: el.tagName, text: el.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100 });
    }
    return {
      headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim() })),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      lowContrast,
      lang: document.documentElement.lang,
      title: document.title,
    };
})()`;

/** Headings, horizontal overflow and WCAG contrast of every element that holds text. */
export async function auditPage(page: Page): Promise<PageAudit> {
  return (await page.evaluate(AUDIT)) as PageAudit;
}
