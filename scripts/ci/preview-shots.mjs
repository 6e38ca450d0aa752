// Whole-page PNG screenshots of each preview page of a folder, at a phone's width (375 px) and a
// desktop's (1280 px): <name>-375.png and <name>-1280.png beside <name>.html. Debian's chromium
// through playwright-core (no browser download); the pages are opened offline (their CSP already
// forbids any request, and every request is refused here too).
//   node preview-shots.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node preview-shots.mjs DIR');
  process.exit(2);
}
const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
const browser = await chromium.launch({
  executablePath: process.env.LM_POST_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  for (const file of pages) {
    const html = readFileSync(path.join(dir, file), 'utf8');
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.route(/^(?!data:|about:)/, (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const png = path.join(dir, `${file.slice(0, -'.html'.length)}-${width}.png`);
      await page.screenshot({ path: png, fullPage: true });
      await context.close();
      console.log(png);
    }
  }
} finally {
  await browser.close();
}
