// A large check gives the same output whichever way it runs: in worker threads or in one thread,
// with the queue index or with the plain every-post-against-every-post scan it replaced.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateQueue } from '../../bench/gen-queue.mjs';
import { loadCharter } from '../../src/charter/load.js';
import { listQueue, readValidPosts } from '../../src/post/read.js';
import { postTargets, renderPost } from '../../src/render/index.js';
import { normaliseText } from '../../src/rules/duplicate.js';
import { parseDateTime } from '../../src/util/time.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-scale-'));
  // Duplicates (first items, thread items, published receipts) and cadence gaps.
  generateQueue(dir, 90, { duplicates: true, threadDuplicates: true, gaps: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (workers: string, format: string) => runCli(['check', '--format', format, '--lang', 'en'], { cwd: dir, env: { LM_POST_WORKERS: workers } });

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; messageId: string; line: number; column: number; network?: string; message: string }[];
}

describe('check of a generated queue', () => {
  for (const format of ['stylish', 'json', 'github']) {
    it(`worker threads and a single thread give byte-identical output (${format})`, async () => {
      const [one, two] = await Promise.all([check('0', format), check('2', format)]);
      expect(one.stderr).toBe('');
      expect(one.code).toBe(1);
      expect(two.stdout).toBe(one.stdout);
      expect(two.code).toBe(one.code);
    });
  }

  it('duplicate and cadence (queue index) report what a plain scan of every pair finds', async () => {
    const r = await check('0', 'json');
    const results = JSON.parse(r.stdout) as JsonResult[];
    const got = results.flatMap((f) =>
      f.messages.filter((m) => m.ruleId === 'duplicate' || m.ruleId === 'cadence').map((m) => `${path.basename(f.filePath)} ${m.ruleId} ${m.network} ${m.messageId} ${/"([^"]+)"/.exec(m.message)?.[1] ?? /(\d+) days/.exec(m.message)?.[1]}`),
    );
    const charter = loadCharter(path.join(dir, 'charter/charter.yaml'), dir);
    const tz = charter.timezone;
    const posts = readValidPosts(listQueue(path.join(dir, 'queue')), dir);
    const now = Date.now();
    const DAY = 86_400_000;
    const timeOf = (p: (typeof posts)[number], n: string) => {
      const rec = p.data.published?.[n as 'twitter'];
      return rec ? new Date(rec.at).getTime() : p.data.publish_at ? parseDateTime(p.data.publish_at, tz)?.getTime() : undefined;
    };
    const want: string[] = [];
    for (const p of posts) {
      const mine: [number, string][] = [];
      for (const n of postTargets(p.data, charter)) {
        const ownRec = p.data.published?.[n];
        const own = timeOf(p, n) ?? now;
        const items = renderPost(p.data, charter, n, path.dirname(p.path)).items;
        for (const item of items) {
          const key = normaliseText(item.text);
          const other = posts.find((o) => {
            if (o === p || !postTargets(o.data, charter).includes(n)) return false;
            const rec = o.data.published?.[n];
            const t = timeOf(o, n) ?? now;
            if (Math.abs(t - own) > 30 * DAY || (ownRec && (!rec || new Date(rec.at).getTime() > own))) return false;
            return renderPost(o.data, charter, n, path.dirname(o.path)).items.some((it) => normaliseText(it.text) === key);
          });
          if (other) mine.push([items.indexOf(item), `duplicate ${n} ${other.data.published?.[n] ? 'published' : 'queued'} ${other.id}`]);
        }
        const max = charter.schedule?.cadence?.[n];
        const t = timeOf(p, n);
        if (max && t !== undefined) {
          const prev = Math.max(...posts.filter((o) => o !== p && postTargets(o.data, charter).includes(n)).map((o) => timeOf(o, n) ?? -Infinity).filter((x) => x <= t));
          const days = Math.floor((t - prev) / DAY);
          if (Number.isFinite(prev) && days > max) mine.push([-1, `cadence ${n} gap ${days}`]);
        }
      }
      want.push(...mine.map(([, s]) => `${path.basename(p.path)} ${s}`));
    }
    expect(want.length).toBeGreaterThan(20);
    expect(want.some((w) => w.includes('cadence'))).toBe(true);
    expect([...got].sort()).toEqual([...want].sort());
  });

  it('a thread item whose words were already posted alone is flagged by check', async () => {
    const r = await check('0', 'json');
    const results = JSON.parse(r.stdout) as JsonResult[];
    // The generator gives live-tweets a second item repeating an earlier veille (on X and its mirror).
    const threadDup = results.flatMap((f) => f.messages.filter((m) => m.ruleId === 'duplicate' && m.line > 8));
    expect(threadDup.length).toBeGreaterThan(0);
    expect(threadDup.map((m) => m.network)).toContain('twitter');
  });
});

/** The same bytes are not what is cached any more: the changed charter is read again and refused. */
async function expectChangedCharterRefused(ws: string, run: () => ReturnType<typeof runCli>): Promise<void> {
  const file = path.join(ws, 'charter', 'charter.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('timezone: Europe/Paris', 'timezone: Europe/Nowhere'));
  const broken = await run();
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatch(/charter\/charter\.yaml:\d+:\d+: Unknown time zone "Europe\/Nowhere"/);
}

describe('the charter cache (.lm-post/charter-cache.json, else the user cache folder)', () => {
  it('a cached charter checks the same, and a changed charter is validated again', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'lm-post-charter-cache-'));
    try {
      generateQueue(ws, 3, {});
      // check creates no folder in the project: without a state folder, the cache goes to the user's cache folder.
      const bare = await runCli(['check'], { cwd: ws, env: { XDG_CACHE_HOME: path.join(ws, 'user-cache') } });
      expect(bare.code).toBe(0);
      expect(existsSync(path.join(ws, '.lm-post'))).toBe(false);
      expect(readdirSync(path.join(ws, 'user-cache', 'lm-post')).filter((f) => /^charter-[0-9a-f]{32}\.json$/.test(f))).toHaveLength(1);
      mkdirSync(path.join(ws, '.lm-post'));
      const run = () => runCli(['check', '--format', 'json', '--lang', 'en'], { cwd: ws });
      const first = await run();
      expect(existsSync(path.join(ws, '.lm-post', 'charter-cache.json'))).toBe(true);
      const second = await run();
      expect(second.stdout).toBe(first.stdout);
      expect(second.code).toBe(first.code);
      await expectChangedCharterRefused(ws, run);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('in the user cache folder (no .lm-post/): the same output, one file per charter, at most 16 kept, a changed charter validated again', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'lm-post-user-cache-'));
    try {
      generateQueue(ws, 3, {});
      const cacheDir = path.join(ws, 'cache', 'lm-post');
      const env = { XDG_CACHE_HOME: path.join(ws, 'cache') };
      const cached = () => readdirSync(cacheDir).filter((f) => /^charter-[0-9a-f]{32}\.json$/.test(f));
      // Old entries of other projects: the oldest go once there are more than 16.
      mkdirSync(cacheDir, { recursive: true });
      for (let i = 0; i < 20; i++) {
        const f = path.join(cacheDir, `charter-${i.toString(16).padStart(32, '0')}.json`);
        writeFileSync(f, '{}');
        utimesSync(f, new Date(2026, 0, 1 + i), new Date(2026, 0, 1 + i));
      }
      const run = () => runCli(['check', '--format', 'json', '--lang', 'en'], { cwd: ws, env });
      const first = await run();
      expect(first.code, first.stderr).toBe(0);
      expect(existsSync(path.join(ws, '.lm-post'))).toBe(false);
      const kept = cached();
      expect(kept).toHaveLength(16);
      expect(kept).not.toContain(`charter-${'0'.repeat(32)}.json`);
      const second = await run();
      expect(second.stdout).toBe(first.stdout);
      expect(cached()).toEqual(kept);
      await expectChangedCharterRefused(ws, run);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
