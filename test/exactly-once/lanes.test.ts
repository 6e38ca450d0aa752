// Issue 10: one lane per network, all lanes at once. (1) The lanes really overlap: requests of the
// three networks are on the emulators at the same time (their recorded arrival and answer times),
// while each network still receives its items in the queue's order. (2) A run SIGKILLed while all
// three lanes have a create in flight, then run again: exactly one copy of every item on every
// network, chained, with its receipt, and nothing left for a person to check.
import { describe, expect, it } from 'vitest';
import type { RecordedRequest, Sandbox, SandboxNetwork } from '../../src/sandbox/index.js';
import { ageLock, expectNoDuplicates, expectThread, journal, LIVETWEET, publishCli, QUARTIER, receipts, setup, start, waitFor } from './helpers.js';

const NETWORKS: readonly SandboxNetwork[] = ['twitter', 'mastodon', 'facebook'];
const CREATE: Record<SandboxNetwork, RegExp> = { twitter: /^\/2\/tweets$/, mastodon: /^\/api\/v1\/statuses$/, facebook: /\/feed$/, bluesky: /^\/xrpc\/com\.atproto\.repo\.createRecord$/ };
const creates = (sb: Sandbox, n: SandboxNetwork) => sb.requests.filter((r) => r.network === n && r.method === 'POST' && CREATE[n].test(r.path));

/** Milliseconds of [at, answeredAt] of a request, on the emulator's clock. */
const span = (r: RecordedRequest): [number, number] => [Date.parse(r.at), Date.parse(r.answeredAt ?? r.at)];

describe('networks published in parallel lanes', () => {
  it('requests of the three networks are in flight at the same time, each network in queue order', async ({ onTestFinished }) => {
    // 80 ms on every request: each request is on the server for at least that long.
    const { sb, ws } = await setup(onTestFinished, [LIVETWEET, QUARTIER], { latencyMs: 80 });
    // Facebook has one create against two threads of four: held 2.5 s on the server, it is still in
    // flight while the other lanes work, even when a loaded machine starts them late (without it,
    // the test failed now and then: Facebook had finished before Mastodon's first POST).
    sb.addFault({ network: 'facebook', method: 'POST', path: /\/feed$/, action: { kind: 'delay', ms: 2500 } });
    const r = await publishCli(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Moments when a request of every network was on its emulator: each request's arrival is
    // checked against the others' [arrival, answer] spans. Only uploads and creates (POST) count,
    // not the start-up checks (read-only, run side by side anyway): a sequential publisher has none.
    const all = sb.requests.filter((q) => q.answeredAt && q.method === 'POST');
    const busy = (t: number) => new Set(all.filter((q) => span(q)[0] <= t && t < span(q)[1]).map((q) => q.network));
    const pairs = new Set<string>();
    let three = 0;
    for (const q of all) {
      const on = busy(span(q)[0]);
      for (const a of on) for (const b of on) if (a < b) pairs.add(`${a}+${b}`);
      if (on.size === 3) three++;
    }
    expect([...pairs].sort()).toEqual(['facebook+mastodon', 'facebook+twitter', 'mastodon+twitter']);
    expect(three, 'moments with all three networks busy').toBeGreaterThan(0);
    // Within a lane nothing overlaps but an item's own uploads: each create starts after the previous one was answered.
    for (const n of ['twitter', 'mastodon'] as const) {
      const c = creates(sb, n);
      for (let i = 1; i < c.length; i++) expect(span(c[i]!)[0], `${n} create ${i + 1} after create ${i}`).toBeGreaterThanOrEqual(span(c[i - 1]!)[1]);
      expectThread(sb, n, receipts(ws, LIVETWEET)[n], 4);
    }
    expect(sb.posts('facebook')).toHaveLength(1);
    // Every progress line names its post and network, whatever lane printed it.
    for (const line of r.stdout.split('\n').filter((l) => /^[✓✗?] /.test(l))) expect(line).toMatch(/ → (X|Mastodon|Facebook) /);
    expect(r.stdout).toContain(`${QUARTIER} → Facebook`);
    expect(r.stdout).toContain(`${LIVETWEET} → Mastodon [2/4]`);
  });

  it("an item's images are uploaded at once, then the post is created with them in the written order", async ({ onTestFinished }) => {
    const JEUDIWE = '2026-12-01-jeudiwe-compost';
    // Two images: the most the association's letter takes (rule letter-item).
    const alts = ['Trois bacs à compost en bois dans la cour', 'Une salle de réunion lumineuse avec une grande table'];
    const media = `media:\n${['compost.jpg', 'salle-reunion.png'].map((f, i) => `  - file: media/${f}\n    alt: "${alts[i]}"\n`).join('')}`;
    const { sb, ws } = await setup(onTestFinished, [JEUDIWE], { latencyMs: 80 }, (_id, text) => text.replace(/^media:\n(  .*\n)+/m, media));
    const r = await publishCli(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const targets = NETWORKS.filter((n) => sb.posts(n).length);
    expect(targets.length).toBeGreaterThan(0);
    for (const n of targets) {
      const [post] = sb.posts(n);
      expect(post!.media.map((m) => m.altText), `${n}: images in the written order`).toEqual(alts);
      // Two uploads of the item were on the server at the same time, and the create came after them all.
      const uploads = sb.requests.filter((q) => q.network === n && q.method === 'POST' && !CREATE[n].test(q.path));
      const overlapping = uploads.some((a) => uploads.some((b) => a !== b && span(a)[0] <= span(b)[0] && span(b)[0] < span(a)[1]));
      expect(overlapping, `${n}: uploads overlap (${uploads.map((q) => q.path).join(', ')})`).toBe(true);
      const create = creates(sb, n).at(-1)!;
      expect(Math.max(...uploads.map((q) => span(q)[1]))).toBeLessThanOrEqual(span(create)[0]);
    }
  });

  it("a lane uploads its next post's images while the current post is created; every image attached once, posts in order", async ({ onTestFinished }) => {
    const [BUREAU, JEUDIWE] = ['2026-12-01-bureau-libre-espace-partage', '2026-12-01-jeudiwe-compost'];
    const { sb, ws } = await setup(onTestFinished, [BUREAU, JEUDIWE], { latencyMs: 80 });
    const r = await publishCli(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Facebook (the network both posts go to here): one upload (unpublished photo) per image, then the post.
    const posts = sb.posts('facebook');
    expect(posts).toHaveLength(2);
    const c = creates(sb, 'facebook');
    expect(c).toHaveLength(2);
    expect(span(c[1]!)[0], 'the second post is created after the first was answered').toBeGreaterThanOrEqual(span(c[0]!)[1]);
    const uploads = sb.requests.filter((q) => q.network === 'facebook' && q.method === 'POST' && /\/photos$/.test(q.path));
    const first = posts[0]!; // the emulator keeps posts in creation order
    // More uploads arrived before the first create was answered than the first post has images: the second post's.
    expect(uploads.filter((q) => span(q)[0] < span(c[0]!)[1]).length).toBeGreaterThan(first.media.length);
    // Nothing uploaded twice or left unattached, and each post has its own images.
    const attached = posts.flatMap((p) => p.media.map((m) => m.id));
    expect(new Set(attached).size).toBe(attached.length);
    expect(sb.media('facebook').map((m) => m.id).sort()).toEqual([...attached].sort());
    expect(uploads).toHaveLength(attached.length);
    expect(receipts(ws, JEUDIWE).facebook).toBeDefined();
    expect(receipts(ws, BUREAU).facebook).toBeDefined();
  });

  it('SIGKILL while all three lanes have a create in flight, then a rerun: one copy of every item, no needs-human', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [LIVETWEET, QUARTIER]);
    // Each network holds its first create 1.5 s, then commits it: killed while all three wait.
    for (const n of NETWORKS) sb.addFault({ network: n, method: 'POST', path: CREATE[n], action: { kind: 'delay', ms: 1500 } });
    const run = start(ws.root, ['publish'], sb.env);
    try {
      await waitFor(() => NETWORKS.every((n) => creates(sb, n).some((q) => !q.answeredAt)), 15_000, 'a create in flight on all three networks');
    } finally {
      run.child.kill('SIGKILL');
    }
    const killed = await run.done;
    expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
    // Three intents without outcome, one per network, in the one journal each post has.
    const open = [...journal(ws, LIVETWEET), ...journal(ws, QUARTIER)].filter((e) => e.t === 'intent');
    expect(open.map((e) => e.network).sort()).toEqual(['facebook', 'mastodon', 'twitter']);
    ageLock(ws);
    sb.clearFaults();

    const outputs = [killed.stdout + killed.stderr];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await publishCli(ws, sb);
      outputs.push(last.stdout + last.stderr);
      if (last.code === 0) break;
      ageLock(ws);
    }
    expect(last!.code, outputs.join('\n-----\n')).toBe(0);
    expect(outputs.join('\n')).not.toMatch(/needs a human/);
    expect([...journal(ws, LIVETWEET), ...journal(ws, QUARTIER)].filter((e) => e.t === 'needs-human')).toEqual([]);
    const r = receipts(ws, LIVETWEET);
    expectThread(sb, 'twitter', r.twitter, 4);
    expectThread(sb, 'mastodon', r.mastodon, 4);
    expectNoDuplicates(sb, 'facebook');
    expect(sb.posts('facebook')).toHaveLength(1);
    expect(receipts(ws, QUARTIER).facebook?.id).toBe(sb.posts('facebook')[0]!.id);
    // Both networks' receipts of the thread are in the one post file: neither lane's write lost the other's.
    expect(Object.keys(r).sort()).toEqual(['mastodon', 'twitter']);
    // And nothing more on another run.
    const again = await publishCli(ws, sb);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(NETWORKS.map((n) => sb.posts(n).length)).toEqual([4, 4, 1]);
  }, 60_000);
});
