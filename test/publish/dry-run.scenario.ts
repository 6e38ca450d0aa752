// publish --dry-run: the exact payloads per network, without credentials, without writing or
// sending anything (base URLs of running emulators are given, to prove nothing is sent).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult, snapshotTree } from '../helpers/cli.js';
import { compose, eventInDays, makeWorkspace, Q, setPublishAt, urlsOnly, type Workspace } from '../helpers/publish-env.js';
import type { Payload } from '../../src/commands/publish.js';

const IDS = [Q.livetweet, Q.relais, Q.jeudiwe, Q.veilleBudget];
const LINK = 'https://locauxmotiv.fr/agenda/jeudiwe-compost';

let sb: Sandbox;
let ws: Workspace;
let before: Record<string, string>;
let text: CliResult;
let json: CliResult;

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  sb = await startSandbox();
  ws = makeWorkspace(IDS, {
    [Q.livetweet]: setPublishAt(undefined),
    [Q.jeudiwe]: compose(setPublishAt(undefined), eventInDays(5), (t) => t.replace(/^media:/m, `link: ${LINK}\nmedia:`)),
    [Q.veilleBudget]: setPublishAt(undefined),
  });
  const a = await ws.cli(['approve', ...IDS, '--as', 'dominique']);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  before = snapshotTree(ws.root);
  // No credentials at all (runCli drops every LM_POST_*), only the emulators' base URLs.
  [text, json] = await Promise.all([ws.cli(['publish', '--dry-run'], urlsOnly(sb)), ws.cli(['publish', '--dry-run', '--json'], urlsOnly(sb))]);
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
});

describe('publish --dry-run', () => {
  it('needs no credentials, exits 0', () => {
    for (const r of [text, json]) {
      expect(crashSigns(r)).toEqual([]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(text.stdout.startsWith('Simulation (--dry-run) : rien n’est envoyé ni écrit.\n')).toBe(true);
  });

  it('writes nothing (same bytes, no .lm-post/) and sends nothing', () => {
    expect(snapshotTree(ws.root)).toEqual(before);
    expect(existsSync(path.join(ws.root, '.lm-post'))).toBe(false);
    expect(sb.requests).toEqual([]);
  });

  it('prints one section per post × network (queue order) with every item', () => {
    const sections = text.stdout.split('\n').filter((l) => l.startsWith('── ')).map((l) => l.replace(/ {2}\(coût X : .*\)$/, ''));
    expect(sections).toEqual([
      `── ${Q.jeudiwe} → Facebook`,
      `── ${Q.veilleBudget} → X (Twitter)`,
      `── ${Q.veilleBudget} → Mastodon`,
      `── ${Q.livetweet} → X (Twitter)`,
      `── ${Q.livetweet} → Mastodon`,
      `── ${Q.relais} → X (Twitter)`,
      `── ${Q.relais} → Mastodon`,
    ]);
    expect(text.stdout.match(/^ {2}\[\d\/4\] texte :$/gm)).toHaveLength(8);
    // For people, fields are named in French, never raw JSON.
    expect(text.stdout).not.toMatch(/[{}]|"media"|\[\]/);
    expect(text.stdout).toMatch(/^ {4}image : media\/compost\.jpg \(JPEG, 16 Ko\) — texte alternatif « Trois bacs/m);
  });

  it('shows the X cost of each post and the total (pay-per-use)', () => {
    // veille-budget: 1 post with a link (0.20); livetweet: 4 posts, links? counted as X sees them; relais: URL in the text (0.20).
    expect(text.stdout).toMatch(new RegExp(`── ${Q.veilleBudget} → X \\(Twitter\\) {2}\\(coût X : 0,20 USD\\)`));
    expect(text.stdout).toMatch(new RegExp(`── ${Q.relais} → X \\(Twitter\\) {2}\\(coût X : 0,20 USD\\)`));
    expect(text.stdout).toMatch(/^Coût X total : \d+,\d+ USD \(formule pay-per-use/m);
    const out = JSON.parse(json.stdout) as { post: string; network: string; x_cost?: { amount: number; currency: string } }[];
    const xs = out.filter((o) => o.network === 'twitter');
    expect(xs.every((o) => o.x_cost?.currency === 'USD')).toBe(true);
    expect(out.filter((o) => o.network !== 'twitter').every((o) => o.x_cost === undefined)).toBe(true);
    // Every alt text is a billed call (media/metadata, 0.005 USD): the live-tweet has one image.
    const live = (out as { post: string; network: string; items: Payload[]; x_cost?: { amount: number; calls: { posts: number; postsWithLink: number; altTexts: number; userReads: number } } }[]).find((o) => o.post === Q.livetweet && o.network === 'twitter')!;
    const liveAlts = live.items.reduce((n, i) => n + i.media.filter((m) => m.alt).length, 0);
    expect(liveAlts).toBe(1);
    expect(live.x_cost!.calls).toMatchObject({ altTexts: 1, userReads: 0 });
    expect(live.x_cost!.calls.posts + live.x_cost!.calls.postsWithLink).toBe(live.items.length);
    expect(live.x_cost!.amount).toBeCloseTo(live.x_cost!.calls.posts * 0.015 + live.x_cost!.calls.postsWithLink * 0.2 + 0.005, 6);
    expect(text.stdout).toMatch(/^Coût X total : .*1 texte\(s\) alternatif\(s\) à 0,005 USD/m);
    const total = xs.reduce((s, o) => s + o.x_cost!.amount, 0);
    expect(text.stdout).toContain(`Coût X total : ${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(Math.round(total * 1e6) / 1e6)} USD`);
  });

  it('--json: the exact payloads per network', () => {
    const out = JSON.parse(json.stdout) as { post: string; network: string; items: Payload[] }[];
    const get = (post: string, network: string) => out.find((o) => o.post === post && o.network === network)!.items;

    const fb = get(Q.jeudiwe, 'facebook');
    expect(fb).toHaveLength(1);
    // Photos and a link never go together: the link ends the message.
    expect(fb[0]).not.toHaveProperty('link');
    expect(fb[0]!.text).toContain('Avec Compost Lyon, on fait le point');
    expect(fb[0]!.text.endsWith(`\n${LINK}`)).toBe(true);
    expect(fb[0]!.media).toEqual([{ file: 'media/compost.jpg', alt: "Trois bacs à compost en bois alignés dans la cour de Locaux Motiv', sous un ciel bleu", type: 'image/jpeg', bytes: 16622 }]);
    expect(fb[0]).not.toHaveProperty('idempotency_key');

    const x = get(Q.livetweet, 'twitter');
    expect(x.map((i) => i.text.slice(0, 2))).toEqual(['1/', '2/', '3/', '4/']);
    expect(x.map((i) => i.reply_to)).toEqual([undefined, 'item 1', 'item 2', 'item 3']);
    expect(x[0]!.text).toContain('@CressAURA');
    expect(x[1]!.media).toEqual([expect.objectContaining({ file: 'media/table-ronde.png', type: 'image/png' })]);
    const m = get(Q.livetweet, 'mastodon');
    expect(m.map((i) => i.visibility)).toEqual(['public', 'unlisted', 'unlisted', 'unlisted']);
    expect(m.every((i) => i.language === 'fr' && /^lm-post-[0-9a-f]{40}$/.test(i.idempotency_key ?? ''))).toBe(true);
    expect(new Set(m.map((i) => i.idempotency_key)).size).toBe(4);
    expect(m[0]!.text).toContain('@cressaura@mastodon.example');

    // Pay-per-use: no quote, the shared post's URL in the text.
    expect(get(Q.relais, 'twitter')[0]).not.toHaveProperty('quote_tweet_id');
    expect(get(Q.relais, 'twitter')[0]!.text.endsWith('\nhttps://x.com/FTiersLieux/status/1865432109876543210')).toBe(true);
    expect(get(Q.relais, 'mastodon')[0]!.text.endsWith('\nhttps://x.com/FTiersLieux/status/1865432109876543210')).toBe(true);

    const budget = get(Q.veilleBudget, 'mastodon')[0]!;
    expect(budget.spoiler_text).toBe('politique locale');
    expect(budget.visibility).toBe('public');
    expect(budget.text.startsWith('Budget 2027 de la Métropole : quelles lignes pour l\'ESS et les tiers-lieux ?\n\nUne analyse claire')).toBe(true);

    // The text format shows the same payloads.
    // The human output shows each text as sent, line by line, indented.
    for (const o of out) for (const i of o.items) expect(text.stdout).toContain(i.text.split('\n').map((l) => `      ${l}`).join('\n'));
  });
});
