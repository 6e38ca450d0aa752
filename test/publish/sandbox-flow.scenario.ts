// The `npm start` flow in a copy of the whole example: approve --all twice, publish --sandbox
// --ignore-schedule. Sandbox receipts stay under .lm-post/sandbox/receipts/, never in the posts.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashSigns, type CliResult, runCli } from '../helpers/cli.js';
import { CLI_TIMEOUT_MS, REPO } from '../helpers/publish-env.js';

let root: string;
let ids: string[];
let first: CliResult;
let second: CliResult;
let publish: CliResult;
let again: CliResult;
let approved: Record<string, string>;
let afterPublish: Record<string, string>;

const run = (args: string[]) => runCli(args, { cwd: root, timeoutMs: CLI_TIMEOUT_MS });
const texts = () => Object.fromEntries(ids.map((id) => [id, readFileSync(path.join(root, 'queue', `${id}.yaml`), 'utf8')]));

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-start-'));
  cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
  cpSync(path.join(REPO, 'queue'), path.join(root, 'queue'), { recursive: true });
  // The example's letter-only items (SPEC §14) go to no network: approve --all and publish leave them alone.
  ids = readdirSync(path.join(root, 'queue'))
    .filter((n) => n.endsWith('.yaml') && !/-(nouveaux-membres|appel-benevoles|petit-rdv)-/.test(n))
    .map((n) => n.slice(0, -5));
  first = await run(['approve', '--all', '--as', 'dominique']);
  second = await run(['approve', '--all', '--as', 'sacha']);
  approved = texts();
  publish = await run(['publish', '--sandbox', '--ignore-schedule']);
  afterPublish = texts();
  again = await run(['publish', '--sandbox', '--ignore-schedule']);
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm start: approve --all ×2, publish --sandbox --ignore-schedule', () => {
  it('both validators approve everything between them (nobody approves their own post)', () => {
    expect(first.code, first.stdout).toBe(0);
    expect(second.code, second.stdout).toBe(0);
    // With --all, skipped posts (own, already approved) are counted rather than listed.
    expect(first.stdout).not.toContain('2026-12-12-assemblee-generale.yaml');
    expect(first.stdout).toMatch(/14 billet\(s\) approuvé\(s\) par dominique ; 4 sans changement/);
    expect(second.stdout).toContain('2026-12-12-assemblee-generale.yaml: approuvé (sacha)');
    expect(second.stdout).toMatch(/1 billet\(s\) approuvé\(s\) par sacha ; 17 sans changement/);
    for (const id of ids) expect(approved[id], id).toMatch(/\nreview:\n {2}state: approved\n/);
  });

  it('publishes every post to the sandbox, prints the URLs, exit 0', () => {
    expect(crashSigns(publish)).toEqual([]);
    expect(publish.code, publish.stdout + publish.stderr).toBe(0);
    expect(publish.stdout).toContain(`Publication de ${ids.length} billet(s) dans le bac à sable :`);
    const done = publish.stdout.split('\n').filter((l) => l.startsWith('✓ '));
    // The emulators' own addresses; Bluesky's receipts give the post's bsky.app address, as the real PDS.
    for (const l of done) expect(l).toMatch(/ {2}(http:\/\/127\.0\.0\.1:\d+\/\S+|https:\/\/bsky\.app\/profile\/locauxmotiv\.bsky\.social\/post\/[2-7a-z]{13})$/);
    // Every post appears, on each of its networks (X posts are mirrored to Mastodon and Bluesky).
    for (const id of ids) expect(done.some((l) => l.startsWith(`✓ ${id} → `)), id).toBe(true);
    const x = done.filter((l) => l.includes('→ X (Twitter)')).length;
    expect(done.filter((l) => l.includes('→ Mastodon'))).toHaveLength(x);
    expect(done.filter((l) => l.includes('→ Bluesky'))).toHaveLength(x);
    expect(publish.stdout).toContain(`Résumé : ${done.length} publication(s) faite(s).`);
  });

  it('post files get no published: block; receipts live under .lm-post/sandbox/receipts/', () => {
    expect(afterPublish).toEqual(approved);
    for (const id of ids) expect(afterPublish[id]).not.toMatch(/^published:/m);
    const dir = path.join(root, '.lm-post/sandbox/receipts');
    expect(readdirSync(dir).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    const r = JSON.parse(readFileSync(path.join(dir, '2026-12-11-livetweet-rencontres-ess-aura.json'), 'utf8')) as Record<string, { id: string; url: string; thread?: string[] }>;
    expect(Object.keys(r).sort()).toEqual(['bluesky', 'mastodon', 'twitter']);
    expect(r.twitter!.thread).toHaveLength(3);
    expect(r.mastodon!.thread).toHaveLength(3);
    expect(r.bluesky!.thread).toHaveLength(3);
    expect(r.bluesky!.id).toMatch(/^at:\/\/did:plc:[a-z0-9]+\/app\.bsky\.feed\.post\/[2-7a-z]{13}$/);
    expect(existsSync(path.join(root, '.lm-post/journal'))).toBe(false);
  });

  it('a second run says nothing new', () => {
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`Rien de nouveau à publier : ${ids.length} billet(s) déjà publié(s).`);
    expect(again.stdout).not.toMatch(/^✓/m);
    expect(texts()).toEqual(approved);
  });
});
