// `lm-post sandbox --serve` after `lm-post demo`: the page shows what each emulator received with
// the mockups of preview --format html, grouped by post (the sandbox's receipts) and by thread,
// newest first; each post's address (and X's /i/web/status/ID receipts) opens a page with that
// post's mockups. In Chromium: one h1, no skipped level, AA contrast, images that load with alt,
// no horizontal scroll at 375 and 1280 px; screenshots in .ci/artifacts/.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, REPO, runCli } from '../helpers/cli.js';
import { auditPage, chromiumAvailable, closeBrowser, screenshot, withPage } from '../helpers/browser.js';

const required = process.env.LM_POST_REQUIRE_BROWSER === '1';
const browser = chromiumAvailable() || required;

const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-sandbox-page-'));
let child: ChildProcess | undefined;
let base = '';
let listing = '';
let received: Record<'twitter' | 'mastodon' | 'facebook', { id: string; text: string; url: string; replyTo: string | null; createdAt: string }[]>;

beforeAll(async () => {
  cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
  cpSync(path.join(REPO, 'queue'), path.join(dir, 'queue'), { recursive: true });
  const demo = await runCli(['demo'], { cwd: dir, timeoutMs: 90_000 });
  expect(demo.code, demo.stdout + demo.stderr).toBe(0);
  const json = await runCli(['sandbox', '--json'], { cwd: dir });
  received = JSON.parse(json.stdout) as typeof received;
  child = spawn(process.execPath, [BIN, 'sandbox', '--serve'], { cwd: dir, env: cleanEnv() });
  base = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on('data', (b: Buffer) => {
      listing += b.toString();
      const m = /Bac à sable ouvert : (http:\/\/127\.0\.0\.1:\d+)\//.exec(listing);
      if (m) resolve(m[1]!);
    });
    child!.on('exit', () => reject(new Error(listing)));
  });
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

const pathOf = (url: string) => new URL(url).pathname;
const get = async (p: string) => {
  const r = await fetch(base + p);
  return { status: r.status, type: r.headers.get('content-type'), csp: r.headers.get('content-security-policy'), body: await r.text() };
};

describe('sandbox --serve: the mockups of what each network received', () => {
  it('groups by post and thread, newest first, named by the queue post', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.csp).toContain("default-src 'none'");
    const titles = [...index.body.matchAll(/<h2 class="group-title"><a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: m[1]!, title: m[2]! }));
    // One group per post of the example queue that went to a network (the thread is one group).
    expect(titles.map((t) => t.title)).toContain('2026-12-11-livetweet-rencontres-ess-aura');
    expect(titles.map((t) => t.title)).toContain('2026-12-01-bureau-libre-espace-partage');
    expect(new Set(titles.map((t) => t.title)).size).toBe(titles.length);
    const roots = (['twitter', 'mastodon', 'facebook'] as const).flatMap((n) => received[n].filter((p) => !p.replyTo));
    expect(titles.length).toBeLessThan(roots.length);
    // Newest first: the time of each group's newest post, no newer than the one before.
    const times = [...index.body.matchAll(/<p class="group-meta"><time datetime="([^"]+)">/g)].map((m) => m[1]!);
    expect(times).toHaveLength(titles.length);
    expect([...times].sort().reverse()).toEqual(times);
    const all = (['twitter', 'mastodon', 'facebook'] as const).flatMap((n) => received[n]);
    titles.forEach((t, i) => expect(times[i]! >= all.find((p) => pathOf(p.url) === t.href)!.createdAt).toBe(true));
  });

  it('each post address opens its post with every text received, the thread as a chain', async () => {
    for (const network of ['twitter', 'mastodon', 'facebook'] as const) {
      for (const p of received[network]) {
        const page = await get(pathOf(p.url));
        expect(page.status, p.url).toBe(200);
        expect(page.type).toContain('text/html');
        // The text as received, in the page's text (tags removed, entities read).
        const text = page.body.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
        expect(text, `${network} ${p.id}`).toContain(p.text);
        expect(page.body.match(/<h1>/g)).toHaveLength(1);
      }
    }
    const thread = received.twitter.filter((p) => p.replyTo);
    expect(thread.length).toBeGreaterThanOrEqual(3);
    const page = await get(`/i/web/status/${thread[1]!.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>2026-12-11-livetweet-rencontres-ess-aura</h1>');
    expect(page.body).toContain('4 publications en fil');
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(404);
  });

  it.skipIf(!browser)('readable on a phone and a desktop: accessible, images load with alt, no horizontal scroll', async () => {
    expect(chromiumAvailable(), 'Debian chromium is needed at /usr/bin/chromium (apt-get install chromium)').toBe(true);
    const live = received.twitter.find((p) => !p.replyTo && p.text.startsWith('1/ Nous sommes aux Rencontres'))!;
    for (const [name, p] of [
      ['sandbox-index', '/'],
      ['sandbox-livetweet', pathOf(live.url)],
    ] as const) {
      const html = (await get(p)).body;
      for (const width of [375, 1280]) {
        const [audit, images] = await withPage(html, { width }, async (page) => {
          const a = await auditPage(page);
          const imgs = (await page.evaluate(`Array.from(document.images).map((i) => ({ alt: i.getAttribute('alt'), natural: i.naturalWidth }))`)) as { alt: string | null; natural: number }[];
          await screenshot(page, `${name}-${width}`);
          return [a, imgs] as const;
        });
        expect(audit.lang).toBe('fr');
        expect(audit.headings.filter((h) => h.level === 1)).toHaveLength(1);
        audit.headings.forEach((h, i) => i > 0 && expect(h.level - audit.headings[i - 1]!.level, h.text).toBeLessThanOrEqual(1));
        expect(audit.lowContrast).toEqual([]);
        expect(audit.scrollWidth, `${name} wider than ${width} px`).toBeLessThanOrEqual(audit.clientWidth);
        expect(images.length).toBeGreaterThan(0);
        for (const img of images) {
          expect(img.alt?.trim().length).toBeGreaterThan(0);
          expect(img.natural).toBeGreaterThan(0);
        }
      }
    }
  });
});
