// The example fortnight's letter as a person sees it: rendered by headless Chromium, every
// section in the charter's order, French dates, alt text on every image, no empty section.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CHROMIUM, closeBrowser, screenshot, withPage } from '../helpers/browser.js';

afterAll(() => closeBrowser());
import { crashSigns } from '../helpers/cli.js';
import { approveSocialPosts, exampleWorkspace, FORTNIGHT } from './helpers.js';

const charter = YAML.parse(readFileSync(path.resolve(import.meta.dirname, '../../charter/charter.yaml'), 'utf8')) as { letter: { sections: { id: string }[]; footer: { unsubscribe: string } } };
const SECTION_IDS = charter.letter.sections.map((s) => s.id);

describe.skipIf(!existsSync(CHROMIUM))('lm-post letter --format html in Chromium', () => {
  it('renders every section in the charter’s order, with French dates, alt on every image and an unsubscribe link; the screenshot is kept', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveSocialPosts(ws);
    const r = await ws.run(['letter', ...FORTNIGHT, '--format', 'html', '--out', 'lettre.html']);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(ws.root, 'lettre.html'), 'utf8');
    const seen = await withPage(html, { width: 700 }, async (page) => {
      const file = await screenshot(page, 'letter-example-fortnight');
      return {
        file,
        sections: await page.$$eval('h2.lm-section-title', (els) => els.map((e) => ({ id: e.id, visible: (e as unknown as { offsetHeight: number }).offsetHeight > 0 }))),
        // Items under each section: h3 headings or paragraphs between this h2 and the next.
        itemsPerSection: await page.$$eval('h2.lm-section-title', (els) =>
          els.map((h2) => {
            const table = h2.closest('table')!.closest('div')!;
            return table.querySelectorAll('p, h3').length;
          }),
        ),
        images: await page.$$eval('img', (els) => els.map((e) => ({ alt: e.getAttribute('alt'), loaded: (e as unknown as { naturalWidth: number }).naturalWidth > 0 }))),
        text: await page.innerText('body'),
        unsubscribe: await page.$$eval('a', (els) => els.map((a) => a.getAttribute('href'))),
      };
    });
    expect(existsSync(seen.file)).toBe(true);
    // Every section of the example fortnight has items: all of them, in the charter's order.
    expect(seen.sections.map((s) => s.id)).toEqual(SECTION_IDS);
    expect(seen.sections.every((s) => s.visible)).toBe(true);
    expect(seen.itemsPerSection.every((n) => n > 0)).toBe(true);
    expect(seen.images.length).toBeGreaterThanOrEqual(4);
    for (const img of seen.images) {
      expect(img.alt?.trim().length ?? 0).toBeGreaterThanOrEqual(15);
      expect(img.loaded).toBe(true);
    }
    expect(seen.text).toMatch(/jeudi 3 décembre de 19 h à 21 h/);
    expect(seen.text).toMatch(/mardi 8 décembre de 12 h 30 à 14 h/);
    expect(seen.text).toMatch(/du lundi 30 novembre au dimanche 13 décembre 2026/);
    // Mentions are names, hashtags plain words: no social-network markup in an email.
    expect(seen.text).toContain('Compost Lyon');
    expect(seen.text).not.toMatch(/\{@|#JeudiWe/);
    expect(seen.unsubscribe).toContain(charter.letter.footer.unsubscribe);
  });

  it('leaves out an empty section', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveSocialPosts(ws);
    rmSync(path.join(ws.queue, '2026-12-02-appel-benevoles-chantier-peinture.yaml'));
    const r = await ws.run(['letter', ...FORTNIGHT, '--format', 'html']);
    expect(r.code, r.stderr).toBe(0);
    const ids = await withPage(r.stdout, { width: 700 }, (page) => page.$$eval('h2.lm-section-title', (els) => els.map((e) => e.id)));
    expect(ids).toEqual(SECTION_IDS.filter((id) => id !== 'appels'));
    expect(r.stdout).not.toContain('Coups de main');
  });
});
