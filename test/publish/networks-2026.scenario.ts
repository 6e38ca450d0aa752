// The networks as they really are in late 2026 (SPEC §12), whole CLI against the emulators: the X
// plan decides how a relais goes out, media and a quote never travel together, a GIF waits for X's
// processing, a spent X budget stops X alone, a Mastodon token without read:accounts is refused
// before anything is created, only the networks with due posts need credentials, and an unknown
// host is named as such.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox, xUsageCapped } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult } from '../helpers/cli.js';
import { createRequests, daysAhead, hoursAgo, makeWorkspace, Q, sandboxEnv, setPublishAt, type Workspace } from '../helpers/publish-env.js';

const SHARE = 'https://x.com/FTiersLieux/status/1865432109876543210';
const QUARTIER = '2026-12-08-quartier-marche-de-noel-solidaire';
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ILLUSTRATED = `type: relais
author: dominique
text: Le réseau France Tiers-Lieux publie sa carte des lieux de la région.
share: ${SHARE}
media:
  - file: media/bocaux.jpg
    alt: "Des bocaux de légumes secs alignés sur une étagère en bois"
`;
const WITH_GIF = `type: presence
author: dominique
text: Nous sommes au forum des tiers-lieux, stand 12.
event:
  name: Forum des tiers-lieux
media:
  - file: media/anim.gif
    alt: "Une animation du logo de Locaux Motiv' qui tourne sur lui-même"
`;

interface Run {
  sb: Sandbox;
  ws: Workspace;
  out: CliResult;
}
const runs: Record<string, Run> = {};
const all: Sandbox[] = [];
const spaces: Workspace[] = [];

async function scenario(name: string, ids: readonly string[], edits: Record<string, (t: string) => string>, extra: Record<string, string>, setup: (ws: Workspace, sb: Sandbox) => void, env: (sb: Sandbox) => Record<string, string | undefined>, sandboxOpts: Parameters<typeof startSandbox>[0] = {}): Promise<void> {
  const sb = await startSandbox(sandboxOpts);
  all.push(sb);
  const ws = makeWorkspace(ids, edits);
  spaces.push(ws);
  for (const [id, text] of Object.entries(extra)) ws.write(id, text);
  setup(ws, sb);
  const a = await ws.cli(['approve', ...ids, ...Object.keys(extra), '--as', 'sacha']);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  runs[name] = { sb, ws, out: await ws.cli(['publish'], env(sb)) };
}

const tweets = (r: Run) => createRequests(r.sb.requests, 'twitter').map((q) => q.body as { text: string; quote_tweet_id?: string; media?: { media_ids: string[] } });

const ready = Promise.all([
  // Enterprise: a relais is a quote; a relais with an image is not (media XOR quote).
  scenario(
    'enterprise',
    [Q.relais],
    {},
    { 'relais-illustre': ILLUSTRATED },
    (ws) => {
      const file = path.join(ws.root, 'charter/charter.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('    label: "X (Twitter)"\n', '    label: "X (Twitter)"\n    plan: enterprise\n'));
    },
    sandboxEnv,
    { twitterPlan: 'enterprise' },
  ),
  scenario('gif', [], {}, { 'presence-gif': WITH_GIF }, (ws) => writeFileSync(path.join(ws.queue, 'media/anim.gif'), GIF), sandboxEnv),
  // A spent X budget: X stops at its first refusal, Mastodon and Facebook go on.
  scenario(
    'capped',
    [Q.veilleBudget, Q.veillePanorama, QUARTIER],
    { [Q.veilleBudget]: setPublishAt(undefined), [Q.veillePanorama]: setPublishAt(hoursAgo(1)), [QUARTIER]: setPublishAt(undefined) },
    {},
    (_ws, sb) => sb.addFault(xUsageCapped()),
    sandboxEnv,
  ),
  // X's rate limit, lifted in an hour: too long to wait, the message says when, in the charter's zone.
  scenario('rate-limited', [Q.veilleGuide], { [Q.veilleGuide]: setPublishAt(undefined) }, {}, (_ws, sb) => sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'rate-limit', resetInSeconds: 3600 } }), sandboxEnv),
  scenario('scopes', [Q.veilleGuide], { [Q.veilleGuide]: setPublishAt(undefined) }, {}, () => {}, (sb) => ({ ...sandboxEnv(sb), LM_POST_MASTODON_TOKEN: 'sandbox-mastodon-token-no-read-accounts' })),
  // A token made for what lm-post asked before (no read:statuses): reconciliation could not read the statuses.
  scenario('read-statuses', [Q.veilleGuide], { [Q.veilleGuide]: setPublishAt(undefined) }, {}, () => {}, (sb) => ({ ...sandboxEnv(sb), LM_POST_MASTODON_TOKEN: 'sandbox-mastodon-token-no-read-statuses' })),
  // Only a Facebook post is due (the veille is for next week): X and Mastodon credentials are not asked for.
  scenario('due-only', [QUARTIER, Q.veilleBudget], { [QUARTIER]: setPublishAt(undefined), [Q.veilleBudget]: setPublishAt(daysAhead(7)) }, {}, () => {}, (sb) => ({
    LM_POST_FACEBOOK_GRAPH_URL: sb.env.LM_POST_FACEBOOK_GRAPH_URL,
    LM_POST_FACEBOOK_PAGE_ID: sb.env.LM_POST_FACEBOOK_PAGE_ID,
    LM_POST_FACEBOOK_PAGE_TOKEN: sb.env.LM_POST_FACEBOOK_PAGE_TOKEN,
  })),
  // The example charter's https://mastodon.example, never replaced.
  scenario('placeholder', [Q.veilleGuide], { [Q.veilleGuide]: setPublishAt(undefined) }, {}, () => {}, (sb) => ({ ...sandboxEnv(sb), LM_POST_MASTODON_URL: undefined })),
]);
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await Promise.all(all.map((s) => s.close()));
  for (const w of spaces) w.remove();
});

describe('networks as they really are (SPEC §12)', () => {
  it('enterprise: a relais goes out as a quote; a relais with an image sends the image and the URL, never both', () => {
    const r = runs.enterprise!;
    expect(crashSigns(r.out)).toEqual([]);
    expect(r.out.code, r.out.stdout + r.out.stderr).toBe(0);
    const [quote, illustrated] = [tweets(r).find((t) => t.text.startsWith('Appel à projets'))!, tweets(r).find((t) => t.text.startsWith('Le réseau'))!];
    expect(quote.quote_tweet_id).toBe('1865432109876543210');
    expect(quote.text).not.toContain('https://x.com/');
    expect(illustrated).not.toHaveProperty('quote_tweet_id');
    expect(illustrated.media?.media_ids).toHaveLength(1);
    expect(illustrated.text.endsWith(`\n${SHARE}`)).toBe(true);
  });

  it('a GIF is attached only once X has finished processing it', () => {
    const r = runs.gif!;
    expect(r.out.code, r.out.stdout + r.out.stderr).toBe(0);
    const post = r.sb.posts('twitter').find((p) => p.text.startsWith('Nous sommes au forum'))!;
    expect(post.media.map((m) => m.contentType)).toEqual(['image/gif']);
    // Polled until `succeeded` (the emulator refuses an unprocessed media id with 400).
    const statuses = r.sb.requests.filter((q) => q.network === 'twitter' && q.method === 'GET' && q.path === '/2/media/upload');
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(createRequests(r.sb.requests, 'twitter').every((q) => q.status === 201)).toBe(true);
  });

  it('usage-capped stops X with a French message on how to top up, once; Mastodon and Facebook go on', () => {
    const r = runs.capped!;
    expect(crashSigns(r.out)).toEqual([]);
    expect(r.out.code).toBe(1);
    expect(r.out.stdout).toContain('le plafond de dépenses du compte développeur X est atteint');
    expect(r.out.stdout).toContain('https://console.x.com');
    expect(r.out.stdout).toContain('Les autres réseaux continuent');
    expect(r.out.stdout).not.toMatch(/attente \d+ s \(X/);
    // One refused attempt, no retry loop, and the second X post is not even tried.
    expect(createRequests(r.sb.requests, 'twitter')).toHaveLength(1);
    expect(r.sb.posts('mastodon')).toHaveLength(2);
    expect(r.sb.posts('facebook')).toHaveLength(1);
    expect(r.out.stdout.split('\n').filter((l) => l.startsWith('✓ '))).toHaveLength(3);
  });

  it('a rate limit too long to wait says when it is lifted, as people read a date in the charter’s zone', () => {
    const r = runs['rate-limited']!;
    expect(crashSigns(r.out)).toEqual([]);
    expect(r.out.code).toBe(1);
    expect(r.out.stdout).toMatch(/→ X \(Twitter\) {2}limite de requêtes de X \(Twitter\) atteinte \(levée vers le \S+ \d+(er)? \S+ \d{4} à \d\d:\d\d \(Europe\/Paris\)\) : la prochaine publication reprendra là\./);
    expect(r.out.stdout).not.toMatch(/ UTC\)/);
    expect(r.sb.posts('mastodon')).toHaveLength(1);
  });

  it('a Mastodon token without read:accounts is refused before anything is created on Mastodon; X goes on', () => {
    const r = runs.scopes!;
    expect(r.out.code).toBe(1);
    expect(r.out.stdout).toMatch(/✗ .* → Mastodon {2}le jeton Mastodon n’a pas les droits read:accounts/);
    const created = r.sb.requests.filter((q) => q.network === 'mastodon' && q.method === 'POST');
    expect(created).toEqual([]);
    expect(r.sb.posts('twitter')).toHaveLength(1);
  });

  it('a Mastodon token without read:statuses (reconciliation reads the statuses) is refused before anything is sent to Mastodon', () => {
    const r = runs['read-statuses']!;
    expect(r.out.code).toBe(1);
    expect(r.out.stdout).toMatch(/✗ .* → Mastodon {2}le jeton Mastodon n’a pas les droits read:statuses : rien n’a été envoyé\. Créez un jeton avec write:statuses, write:media, read:accounts et read:statuses/);
    // Proven by the request that needs it (403), not by apps/verify_credentials; nothing created or changed.
    const seen = r.sb.requests.filter((q) => q.network === 'mastodon');
    expect(seen.some((q) => /^\/api\/v1\/accounts\/\d+\/statuses$/.test(q.path) && q.status === 403)).toBe(true);
    expect(seen.some((q) => q.path === '/api/v1/apps/verify_credentials')).toBe(false);
    expect(seen.filter((q) => q.method === 'POST' || q.method === 'DELETE')).toEqual([]);
    expect(r.sb.posts('mastodon')).toEqual([]);
    expect(r.sb.posts('twitter')).toHaveLength(1);
  });

  it('only the networks with due posts need credentials', () => {
    const r = runs['due-only']!;
    expect(r.out.stderr).toBe('');
    expect(r.out.code, r.out.stdout).toBe(0);
    expect(r.sb.posts('facebook')).toHaveLength(1);
    expect(r.sb.requests.filter((q) => q.network !== 'facebook')).toEqual([]);
  });

  it('an example host left in the charter is named as such, never "try again later"', () => {
    const r = runs.placeholder!;
    expect(r.out.code).toBe(1);
    expect(r.out.stdout).toContain('mastodon.example est un exemple laissé dans la charte');
    expect(r.out.stdout).not.toMatch(/Mastodon ne répond pas/);
    expect(r.sb.posts('twitter')).toHaveLength(1);
  });
});
