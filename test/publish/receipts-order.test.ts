// Lanes publish networks in parallel, so they finish in any order. The receipts written into the
// post (committed by CI) must not depend on that order: the same publication gives the same file.
// (Found when the publish workflow test failed on CI: `mastodon` was written before `twitter`.)
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readPost } from '../../src/post/read.js';
import { fileReceipts, inNetworkOrder, sandboxReceipts } from '../../src/publish/receipts.js';
import { REPO } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const receipt = (n: string) => ({ id: `${n}-1`, url: `https://example.org/${n}/1`, at: '2026-12-01T13:05:48.793Z' });

it('puts receipts in the network order whatever order they arrive in', () => {
  expect(Object.keys(inNetworkOrder({ facebook: 1, mastodon: 2, twitter: 3 }))).toEqual(['twitter', 'mastodon', 'facebook']);
  expect(Object.keys(inNetworkOrder({ extra: 0, mastodon: 2 }))).toEqual(['mastodon', 'extra']);
});

it('writes the same post file whichever lane finishes first', async () => {
  const texts: string[] = [];
  for (const first of ['twitter', 'mastodon'] as const) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-order-'));
    dirs.push(dir);
    const file = path.join(dir, 'post.yaml');
    copyFileSync(path.join(REPO, 'queue/2026-12-02-veille-guide-gouvernance-partagee.yaml'), file);
    const post = readPost(file, dir);
    const order = first === 'twitter' ? (['twitter', 'mastodon'] as const) : (['mastodon', 'twitter'] as const);
    // Both lanes at once, as when they finish together: each write reads the one before it.
    await Promise.all(order.map((n) => fileReceipts.set(post, n, receipt(n))));
    expect(Object.keys(post.data!.published!)).toEqual(['twitter', 'mastodon']);
    expect(Object.keys(readPost(file, dir).data!.published!)).toEqual(['twitter', 'mastodon']);
    texts.push(readFileSync(file, 'utf8'));
  }
  expect(texts[0]).toMatch(/^published:\n {2}twitter:/m);
  expect(texts[1]).toBe(texts[0]);
});

it('keeps the same order in the sandbox receipts', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-order-sb-'));
  dirs.push(dir);
  const file = path.join(dir, 'post.yaml');
  copyFileSync(path.join(REPO, 'queue/2026-12-02-veille-guide-gouvernance-partagee.yaml'), file);
  const post = readPost(file, dir);
  const store = sandboxReceipts(path.join(dir, 'receipts'));
  await Promise.all([store.set(post, 'mastodon', receipt('mastodon')), store.set(post, 'twitter', receipt('twitter'))]);
  expect(Object.keys(store.get(post))).toEqual(['twitter', 'mastodon']);
});
