// The HTML charter and calendar in headless Chromium: one h1 and no skipped heading level,
// WCAG AA contrast for every text, no horizontal scroll at 375 px. Screenshots are kept in
// .ci/artifacts/ for CI. Without /usr/bin/chromium the suite is skipped locally, never in CI
// (.ci/run installs it and sets LM_POST_REQUIRE_BROWSER=1).
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, REPO, runCli } from '../helpers/cli.js';
import { auditPage, chromiumAvailable, closeBrowser, screenshot, withPage } from '../helpers/browser.js';

const required = process.env.LM_POST_REQUIRE_BROWSER === '1';
const run = chromiumAvailable() || required;

afterAll(() => closeBrowser());

async function html(args: string[]): Promise<string> {
  // The example queue is dated: its approvals are judged as on the eve of its first post.
  const r = await runCli(args, { cwd: REPO, env: { LM_POST_NOW: EXAMPLE_NOW } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe.skipIf(!run)('HTML pages in Chromium', () => {
  it.each([
    ['charter', ['charter', '--format', 'html']],
    ['calendar', ['calendar', '--month', '2026-12', '--format', 'html']],
  ])('%s: headings, contrast, no horizontal scroll at 375 px', async (name, args) => {
    expect(chromiumAvailable(), 'Debian chromium is needed at /usr/bin/chromium (apt-get install chromium)').toBe(true);
    const page = await html(args);
    const shots: string[] = [];
    for (const width of [375, 1280]) {
      const audit = await withPage(page, { width }, async (p) => {
        const a = await auditPage(p);
        shots.push(await screenshot(p, `${name}-${width}`));
        return a;
      });
      expect(audit.lang).toBe('fr');
      expect(audit.title.length).toBeGreaterThan(5);
      expect(audit.headings.filter((h) => h.level === 1)).toHaveLength(1);
      expect(audit.headings[0]!.level).toBe(1);
      audit.headings.forEach((h, i) => i > 0 && expect(h.level - audit.headings[i - 1]!.level, `${h.text}`).toBeLessThanOrEqual(1));
      expect(audit.lowContrast).toEqual([]);
      expect(audit.scrollWidth, `page wider than ${width} px`).toBeLessThanOrEqual(audit.clientWidth);
    }
    console.log(`screenshots: ${shots.join(', ')}`);
  });

  it('the audit catches what it checks: low contrast, a wide page, a skipped level', async () => {
    const bad = '<!doctype html><html lang="fr"><title>mauvais</title><body><h1>Titre</h1><h3>Saut</h3><p style="color:#aaa">gris clair</p><div style="width:900px">large</div></body></html>';
    const audit = await withPage(bad, { width: 375 }, auditPage);
    expect(audit.lowContrast.map((l) => l.text)).toEqual(['gris clair']);
    expect(audit.scrollWidth).toBeGreaterThan(audit.clientWidth);
    expect(audit.headings.map((h) => h.level)).toEqual([1, 3]);
  });
});
