// preview --format html in headless Chromium (SPEC §19): for the example queue's live-tweet thread
// and its Facebook desk offer, the page holds every text `preview --json` renders, every image
// has a non-empty alt and loads, one h1 and no skipped heading level, WCAG AA contrast, no
// horizontal scroll at 375 px and 1280 px. Hostile posts (HTML, javascript: links, bidi controls,
// a huge word, missing and non-image media) render inert and stay within the layout. Screenshots
// go to .ci/artifacts/. Without /usr/bin/chromium the browser part is skipped locally, never in CI.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARTER, crashSigns, REPO, runCli, tempWorkspace } from '../helpers/cli.js';
import { auditPage, chromiumAvailable, closeBrowser, screenshot, withPage } from '../helpers/browser.js';
import type { Page } from 'playwright-core';
import { loadCharter } from '../../src/charter/load.js';
import { mockupHtml, pageHtml } from '../../src/preview/html.js';
import { accountOf, LOOKS } from '../../src/preview/looks.js';
import { cardOf, type Mockup } from '../../src/preview/model.js';
import { segments } from '../../src/preview/text.js';

const required = process.env.LM_POST_REQUIRE_BROWSER === '1';
const run = chromiumAvailable() || required;

afterAll(() => closeBrowser());

interface JsonPreview {
  networks: { network: string; items: { text: string; media: { file: string; alt: string }[] }[] }[];
}

const LIVE = '2026-12-11-livetweet-rencontres-ess-aura';
const DESK = '2026-12-01-bureau-libre-espace-partage';

/** What the page shows, read in the browser: texts, images, links, hidden things. */
async function inspect(p: Page) {
  return (await p.evaluate(`(() => ({
    texts: Array.from(document.querySelectorAll('.text')).map((e) => e.textContent),
    images: Array.from(document.images).map((i) => ({ alt: i.getAttribute('alt'), natural: i.naturalWidth, complete: i.complete, width: i.getBoundingClientRect().width })),
    hrefs: Array.from(document.querySelectorAll('[href]')).map((a) => a.getAttribute('href')),
    scripts: document.querySelectorAll('script').length,
    handlers: Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name)),
    placeholders: Array.from(document.querySelectorAll('.ph')).map((e) => ({ text: e.textContent, visible: e.getBoundingClientRect().height > 40 })),
    noAlt: Array.from(document.querySelectorAll('.noalt')).map((e) => e.textContent),
    bidi: document.querySelectorAll('.ctl').length,
    overflowing: Array.from(document.querySelectorAll('main *')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== 'absolute').map((e) => e.className || e.tagName).slice(0, 5),
    nets: Array.from(document.querySelectorAll('section.net')).map((s) => s.className),
  }))()`)) as {
    texts: string[];
    images: { alt: string | null; natural: number; complete: boolean; width: number }[];
    hrefs: string[];
    scripts: number;
    handlers: string[];
    placeholders: { text: string; visible: boolean }[];
    noAlt: string[];
    bidi: number;
    overflowing: string[];
    nets: string[];
  };
}

function expectAccessible(audit: Awaited<ReturnType<typeof auditPage>>, width: number, lang = 'fr'): void {
  expect(audit.lang).toBe(lang);
  expect(audit.title.length).toBeGreaterThan(5);
  expect(audit.headings.filter((h) => h.level === 1)).toHaveLength(1);
  expect(audit.headings[0]!.level).toBe(1);
  audit.headings.forEach((h, i) => i > 0 && expect(h.level - audit.headings[i - 1]!.level, h.text).toBeLessThanOrEqual(1));
  expect(audit.lowContrast).toEqual([]);
  expect(audit.scrollWidth, `page wider than ${width} px`).toBeLessThanOrEqual(audit.clientWidth);
}

describe('preview --format html', () => {
  it('writes the page to --out atomically, says so, and keeps the check verdict as exit code', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-preview-html-'));
    try {
      const r = await runCli(['preview', LIVE, '--format', 'html', '--out', path.join(dir, 'p.html')]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Écrit');
      const html = readFileSync(path.join(dir, 'p.html'), 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      // Self-contained: no external resource at all, and a policy that forbids one.
      expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
      expect(html).not.toMatch(/<(script|link|iframe)\b/i);
      expect(html).not.toMatch(/src="(?!data:)/);
      // --out alone means the page; with another format it is a usage error, and nothing is written.
      const alone = await runCli(['preview', LIVE, '--out', path.join(dir, 'q.html')]);
      expect(alone.code, alone.stderr).toBe(0);
      expect(readFileSync(path.join(dir, 'q.html'), 'utf8')).toBe(html);
      const json = await runCli(['preview', LIVE, '--format', 'json', '--out', path.join(dir, 'r.html')]);
      expect(json.code).toBe(2);
      expect(json.stderr).toContain('--out et --open vont avec la page HTML');
      expect(readFileSafe(path.join(dir, 'r.html'))).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--open hands the file to $BROWSER (no shell), and never fails without a browser', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-preview-open-'));
    try {
      const seen = path.join(dir, 'seen.txt');
      const browser = path.join(dir, 'fake-browser');
      writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`);
      chmodSync(browser, 0o755);
      const out = path.join(dir, 'it is; $(x).html');
      const r = await runCli(['preview', DESK, '--format', 'html', '--out', out, '--open'], { env: { BROWSER: browser } });
      expect(r.code, r.stderr).toBe(0);
      for (let i = 0; i < 50 && !readFileSafe(seen); i++) await new Promise((res) => setTimeout(res, 100));
      expect(readFileSafe(seen)).toBe(out);
      const none = await runCli(['preview', DESK, '--format', 'html', '--open'], { env: { BROWSER: undefined, DISPLAY: undefined, WAYLAND_DISPLAY: undefined } });
      expect(none.code, none.stderr).toBe(0);
      expect(none.stdout).toBe('');
      const file = /ouvrez (.+\.html) vous-même/.exec(none.stderr)?.[1];
      expect(file, none.stderr).toBeDefined();
      expect(readFileSync(file!, 'utf8')).toContain('<h1>');
      rmSync(path.dirname(file!), { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function readFileSafe(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}

describe.skipIf(!run)('preview --format html in Chromium', () => {
  it.each([
    ['livetweet', LIVE, ['twitter', 'mastodon'], []],
    ['facebook-offer', DESK, ['facebook'], []],
    ['event-and-letter', '2026-12-01-jeudiwe-compost', ['facebook'], ['letter']],
  ])('%s: every rendered text, images with alt that load, accessible at 375 and 1280 px', async (name, id, nets, more) => {
    expect(chromiumAvailable(), 'Debian chromium is needed at /usr/bin/chromium (apt-get install chromium)').toBe(true);
    const json = await runCli(['preview', id, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout) as JsonPreview;
    expect(data.networks.map((n) => n.network)).toEqual(nets);
    const page = await runCli(['preview', id, '--format', 'html']);
    expect(page.code, page.stderr).toBe(0);
    const shots: string[] = [];
    for (const width of [375, 1280]) {
      const [audit, seen] = await withPage(page.stdout, { width }, async (p) => {
        const a = await auditPage(p);
        const s = await inspect(p);
        shots.push(await screenshot(p, `preview-${name}-${width}`));
        return [a, s] as const;
      });
      expectAccessible(audit, width);
      expect(seen.overflowing, 'elements past the right edge').toEqual([]);
      // Every text exactly as `preview --json` renders it, in the mockup of its network.
      for (const n of data.networks) for (const it of n.items) expect(seen.texts, `${n.network}: ${it.text.slice(0, 40)}`).toContain(it.text);
      expect(seen.nets).toEqual([...nets, ...more].map((n) => `net net-${n}`));
      const mediaCount = data.networks.reduce((s, n) => s + n.items.reduce((k, it) => k + it.media.length, 0), 0);
      expect(mediaCount).toBeGreaterThan(0);
      // The letter's item shows the post's images too.
      expect(seen.images).toHaveLength(more.includes('letter') ? mediaCount * 2 : mediaCount);
      for (const img of seen.images) {
        expect(img.alt?.trim().length, 'alt').toBeGreaterThan(0);
        expect(img.natural, `broken image (${img.alt})`).toBeGreaterThan(0);
        expect(img.width).toBeGreaterThan(100);
      }
      const alts = data.networks.flatMap((n) => n.items.flatMap((it) => it.media.map((m) => m.alt)));
      expect(seen.images.map((i) => i.alt).slice(0, alts.length)).toEqual(alts);
      expect(seen.scripts).toBe(0);
    }
    console.log(`screenshots: ${shots.join(', ')}`);
  });

  it('hostile posts render inert and within the layout; missing and non-image media show a placeholder', async () => {
    const word = 'Anticonstitutionnellement'.repeat(80);
    const hostile = (type: string, extra: string[]) =>
      [
        `type: ${type}`,
        'author: malik',
        'text: |',
        `  <script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & 'single' javascript:alert(3) http://insecure.example/page`,
        `  Réservé \u202Eevil\u202C fin \u2067isolé\u2069 ${word} #TiersLieux`,
        ...extra,
        '',
      ].join('\n');
    const { root, queue } = tempWorkspace({
      'queue/media/not-image.jpg': 'this is text, not a JPEG',
      'queue/veille.yaml': hostile('veille', [
        'link: https://example.org/"><script>alert(4)</script>',
        'media:',
        '  - file: media/absent.jpg',
        `    alt: '"><img src=x onerror=alert(5)> \u202Eredla'`,
        '  - file: media/not-image.jpg',
        '    alt: "Texte"',
        '  - file: media/photo.jpg',
      ]),
      'queue/offre.yaml': hostile('offre', [`link: 'https://example.org/x"onmouseover="alert(6)'`, 'media:', '  - file: media/photo.jpg', '    alt: "<b>gras</b>"']),
      'queue/invalide.yaml': 'type: offre\nauthor: malik\ntext: "<i>x</i>"\nlink: javascript:alert(7)\n',
    });
    try {
      for (const [post, net] of [
        ['veille', 'twitter'],
        ['offre', 'facebook'],
      ] as const) {
        const r = await runCli(['preview', path.join(queue, `${post}.yaml`), '--format', 'html', '--charter', CHARTER, '--queue', queue], { cwd: root });
        expect(crashSigns(r)).toEqual([]);
        expect(r.code, r.stderr).toBe(1);
        expect(/<script|<img src=x/i.test(r.stdout), 'raw markup from the post').toBe(false);
        for (const width of [375, 1280]) {
          const [audit, seen] = await withPage(r.stdout, { width }, async (p) => {
            const a = await auditPage(p);
            const s = await inspect(p);
            if (post === 'veille') await screenshot(p, `preview-hostile-${width}`);
            return [a, s] as const;
          });
          expectAccessible(audit, width);
          expect(seen.overflowing, 'elements past the right edge').toEqual([]);
          expect(seen.scripts).toBe(0);
          expect(seen.handlers).toEqual([]);
          for (const h of seen.hrefs) expect(h).toMatch(/^https:\/\//);
          expect(seen.bidi).toBeGreaterThanOrEqual(2);
          expect(seen.texts.join('\n')).toContain('<script>alert(1)</script>');
          expect(seen.nets[0]).toBe(`net net-${net}`);
          for (const img of seen.images) {
            expect(img.alt?.trim().length).toBeGreaterThan(0);
            expect(img.natural).toBeGreaterThan(0);
          }
          if (post === 'veille') {
            // X and Mastodon each: a missing file, a text file, and an image without alt.
            expect(seen.placeholders.map((p) => p.text)).toEqual(expect.arrayContaining([expect.stringContaining('image introuvable'), expect.stringContaining('n’est pas une image')]));
            expect(seen.placeholders.every((p) => p.visible)).toBe(true);
            expect(seen.noAlt.length).toBe(2);
            expect(seen.images.map((i) => i.alt)).toContain('Image sans texte alternatif (media/photo.jpg)');
          }
        }
      }
      // Not a valid post (the schema refuses the link): the page says why, nothing else.
      const r = await runCli(['preview', path.join(queue, 'invalide.yaml'), '--format', 'html', '--charter', CHARTER, '--queue', queue], { cwd: root });
      expect(r.code).toBe(1);
      const [audit, seen, pins] = await withPage(r.stdout, { width: 375 }, async (p) => [await auditPage(p), await inspect(p), await p.locator('.pins li').allTextContents()] as const);
      expectAccessible(audit, 375);
      expect(seen.nets).toEqual([]);
      expect(seen.hrefs).toEqual([]);
      expect(pins.join('\n')).toContain('javascript:alert(7)');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the Bluesky look, ready for when the network exists: accessible, no horizontal scroll', async () => {
    // Built in-process from the same modules (the network is one entry of preview/looks.ts).
    const charter = loadCharter(CHARTER, REPO);
    const rules = LOOKS.bluesky.text(charter);
    const img = `data:image/jpeg;base64,${readFileSync(path.join(REPO, 'queue/media/compost.jpg')).toString('base64')}`;
    const texts = ['1/ Un fil sur Bluesky avec @compost.bsky.social et un lien https://locauxmotiv.fr/agenda/jeudiwe-compost #JeudiWe', '2/ La suite, avec une image.'];
    const mockup: Mockup = {
      look: 'bluesky',
      label: 'Bluesky',
      account: accountOf(charter, 'bluesky'),
      items: texts.map((t, i) => ({ text: t, segments: segments(t, rules), length: t.length, max: 300, media: i ? [{ label: 'media/compost.jpg', alt: 'Trois bacs à compost en bois', src: img }] : [] })),
      card: cardOf('https://locauxmotiv.fr/agenda/jeudiwe-compost'),
      problems: [{ severity: 1, message: 'Un avertissement épinglé', where: 'ligne 3:7', ruleId: 'hashtag-case' }],
    };
    const html = pageHtml('fr', 'Aperçu Bluesky', `<h1>Aperçu</h1>${mockupHtml(mockup, 'fr', 2, 'bsky')}`);
    for (const width of [375, 1280]) {
      const [audit, seen] = await withPage(html, { width }, async (p) => {
        const a = await auditPage(p);
        const s = await inspect(p);
        await screenshot(p, `preview-bluesky-look-${width}`);
        return [a, s] as const;
      });
      expectAccessible(audit, width);
      expect(seen.texts).toEqual(texts);
      expect(seen.nets).toEqual(['net net-bluesky']);
      expect(seen.images.every((i) => i.natural > 0)).toBe(true);
    }
    expect(html).toContain('@locauxmotiv.bsky.social');
    expect(html).toContain('<span class="mention">@compost.bsky.social</span>');
  });

  it('English with --lang en', async () => {
    const r = await runCli(['preview', DESK, '--format', 'html', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const audit = await withPage(r.stdout, { width: 375 }, auditPage);
    expectAccessible(audit, 375, 'en');
    expect(r.stdout).toContain('characters');
    expect(r.stdout).not.toContain('caractères');
  });
});

