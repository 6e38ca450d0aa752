// A charter without X (SPEC §15): the association publishes on Mastodon, as a network of its own,
// and on Facebook. Every command works with no X variable set, and none of them asks for or shows
// an X credential, plan, price, cost or users/me read. The fixture is test/fixtures/no-x (charter
// and three posts: a veille and a thread on Mastodon, an event with an image on Facebook).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCharterSchema } from '../../src/charter/schema.js';
import { NETWORK_IDS } from '../../src/charter/types.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult, REPO, runCli } from '../helpers/cli.js';

const FIXTURE = path.join(REPO, 'test/fixtures/no-x');
const POSTS = { veille: '2026-12-03-veille-habitat', thread: '2026-12-11-direct-forum', event: '2026-12-12-fete-des-pentes' } as const;
/** Anything that would speak of X: its name, its variables, its account read. */
const X_WORDS = /\bX\b|[Tt]witter|TWITTER|users\/me|pay-per-use/;

function workspace(edit?: (text: string) => string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-sans-x-'));
  cpSync(FIXTURE, root, { recursive: true });
  cpSync(path.join(REPO, 'queue/media'), path.join(root, 'queue/media'), { recursive: true });
  if (edit) {
    for (const id of Object.values(POSTS)) {
      const f = path.join(root, 'queue', `${id}.yaml`);
      writeFileSync(f, edit(readFileSync(f, 'utf8')));
    }
  }
  return root;
}

/** Every line of a run that speaks of X (stdout and stderr). */
function xLines(r: CliResult): string[] {
  return `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => X_WORDS.test(l));
}

let ws: string;
let live: string;
let sb: Sandbox;
const cli = (args: string[], cwd = ws, env: Record<string, string | undefined> = {}) => runCli(args, { cwd, env, timeoutMs: 60_000 });
const r: Record<string, CliResult> = {};

beforeAll(async () => {
  ws = workspace();
  // Due now (no publish_at) for the publication to the emulators.
  live = workspace((t) => t.replace(/^publish_at: .*\n/m, ''));
  sb = await startSandbox();
  for (const dir of [ws, live]) {
    const a = await cli(['approve', POSTS.veille, '--as', 'noa'], dir);
    const b = await cli(['approve', POSTS.thread, POSTS.event, '--as', 'alix'], dir);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);
  }
  const runs: [string, Promise<CliResult>][] = [
    ['check', cli(['check'])],
    ['checkJson', cli(['check', '--format', 'json'])],
    ['preview', cli(['preview', POSTS.thread])],
    ['previewJson', cli(['preview', POSTS.event, '--format', 'json'])],
    ['list', cli(['list'])],
    ['calendar', cli(['calendar', '--month', '2026-12'])],
    ['calendarHtml', cli(['calendar', '--month', '2026-12', '--format', 'html'])],
    ['charter', cli(['charter'])],
    ['dryRun', cli(['publish', '--dry-run', '--ignore-schedule'])],
    ['dryRunJson', cli(['publish', '--dry-run', '--ignore-schedule', '--json'])],
    ['doctor', cli(['doctor', '--sandbox'])],
    ['doctorBare', cli(['doctor'])],
  ];
  for (const [k, v] of runs) r[k] = await v;
  r.sandboxPublish = await cli(['publish', '--sandbox', '--ignore-schedule']);
  r.sandbox = await cli(['sandbox']);
  r.sandboxJson = await cli(['sandbox', '--json']);
  // Real publication to the emulators with Mastodon's and Facebook's variables only.
  const env = Object.fromEntries(Object.entries(sb.env).filter(([k]) => !k.startsWith('LM_POST_TWITTER_')));
  r.publish = await cli(['publish'], live, env);
  r.publishJson = await cli(['publish', '--json'], live, env);
}, 180_000);

afterAll(async () => {
  await sb?.close();
  for (const d of [ws, live]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('a charter without X', () => {
  it('the charter schema makes every network optional', () => {
    const networks = (buildCharterSchema().properties as Record<string, { required?: unknown; properties: Record<string, unknown> }>).networks!;
    expect(networks.required).toBeUndefined();
    expect(Object.keys(networks.properties)).toEqual(expect.arrayContaining([...NETWORK_IDS]));
  });

  it('checks clean: valid charter, no X anywhere (stylish and JSON)', () => {
    for (const k of ['check', 'checkJson']) {
      expect(crashSigns(r[k]!)).toEqual([]);
      expect(r[k]!.code, r[k]!.stdout + r[k]!.stderr).toBe(0);
      expect(xLines(r[k]!)).toEqual([]);
    }
    expect(r.check!.stdout).toContain('3 billets vérifiés');
  });

  it('preview: Mastodon as a network of its own (no mirror), Facebook; no X cost', () => {
    expect(r.preview!.code).toBe(0);
    expect(r.preview!.stdout).toContain('── Mastodon');
    expect(r.preview!.stdout).not.toContain('miroir');
    expect(xLines(r.preview!)).toEqual([]);
    const json = JSON.parse(r.previewJson!.stdout) as Record<string, unknown> & { networks: { network: string }[] };
    expect(json.networks.map((n) => n.network)).toEqual(['facebook']);
    expect(json).not.toHaveProperty('xCost');
    expect(xLines(r.previewJson!)).toEqual([]);
  });

  it('list, calendar and the charter document say nothing of X (no cost, no plan, no x-budget)', () => {
    for (const k of ['list', 'calendar', 'calendarHtml', 'charter']) {
      expect(crashSigns(r[k]!)).toEqual([]);
      expect(r[k]!.code, `${k}: ${r[k]!.stdout}${r[k]!.stderr}`).toBe(0);
    }
    for (const k of ['list', 'calendar', 'calendarHtml']) expect(xLines(r[k]!), k).toEqual([]);
    expect(r.calendar!.stdout).toContain('Mastodon');
    // The charter document explains every rule (two of them name X as an example of what they
    // check), but no X cost, price, plan or budget rule.
    for (const word of ['x-budget', 'Le coût de X', 'pay-per-use', 'USD', 'users/me', 'LM_POST_TWITTER']) expect(r.charter!.stdout).not.toContain(word);
  });

  it('publish --dry-run needs no credentials and shows Mastodon and Facebook payloads only', () => {
    for (const k of ['dryRun', 'dryRunJson']) {
      expect(crashSigns(r[k]!)).toEqual([]);
      expect(r[k]!.code, r[k]!.stdout + r[k]!.stderr).toBe(0);
      expect(xLines(r[k]!)).toEqual([]);
    }
    const sections = r.dryRun!.stdout.split('\n').filter((l) => l.startsWith('── '));
    expect(sections).toEqual([`── ${POSTS.veille} → Mastodon`, `── ${POSTS.thread} → Mastodon`, `── ${POSTS.event} → Facebook`]);
    const json = JSON.parse(r.dryRunJson!.stdout) as { network: string; x_cost?: unknown }[];
    expect(json.map((o) => o.network)).toEqual(['mastodon', 'mastodon', 'facebook']);
    expect(json.every((o) => o.x_cost === undefined)).toBe(true);
  });

  it('doctor checks Mastodon and Facebook only: no X credential asked, no users/me read', () => {
    expect(r.doctor!.code, r.doctor!.stdout + r.doctor!.stderr).toBe(0);
    expect(r.doctor!.stdout).toContain('✓ Mastodon : le jeton a les droits nécessaires');
    expect(xLines(r.doctor!)).toEqual([]);
    // Without any credential: only Mastodon's and Facebook's variables are named.
    expect(r.doctorBare!.code).toBe(1);
    expect(r.doctorBare!.stdout).toContain('LM_POST_MASTODON_TOKEN');
    expect(r.doctorBare!.stdout).toContain('LM_POST_FACEBOOK_PAGE_TOKEN');
    expect(xLines(r.doctorBare!)).toEqual([]);
  });

  it('publish --sandbox with no X variable: everything published, the sandbox listing shows no X section', () => {
    expect(crashSigns(r.sandboxPublish!)).toEqual([]);
    expect(r.sandboxPublish!.code, r.sandboxPublish!.stdout + r.sandboxPublish!.stderr).toBe(0);
    expect(r.sandboxPublish!.stdout).toContain('Résumé : 3 publication(s) faite(s).');
    expect(xLines(r.sandboxPublish!)).toEqual([]);
    expect(r.sandbox!.code).toBe(0);
    expect(r.sandbox!.stdout).toContain('── Mastodon : 4 publication(s) reçue(s)');
    expect(r.sandbox!.stdout).toContain('── Facebook : 1 publication(s) reçue(s)');
    expect(xLines(r.sandbox!)).toEqual([]);
    expect(Object.keys(JSON.parse(r.sandboxJson!.stdout) as object)).toEqual(['mastodon', 'facebook']);
  });

  it('publish with only Mastodon and Facebook variables: published there, nothing asked of X, no X cost in the summary', () => {
    expect(crashSigns(r.publish!)).toEqual([]);
    expect(r.publish!.code, r.publish!.stdout + r.publish!.stderr).toBe(0);
    expect(r.publish!.stdout).toContain('Résumé : 3 publication(s) faite(s).');
    expect(xLines(r.publish!)).toEqual([]);
    expect(sb.requests.filter((q) => q.network === 'twitter')).toEqual([]);
    expect(sb.posts('mastodon').map((p) => p.text.slice(0, 2))).toEqual(expect.arrayContaining(['1/', '2/', '3/']));
    expect(sb.posts('mastodon')).toHaveLength(4);
    expect(sb.posts('facebook')).toHaveLength(1);
    // The second run (--json) has nothing left to do and no xCost block.
    expect(r.publishJson!.code).toBe(0);
    const json = JSON.parse(r.publishJson!.stdout) as Record<string, unknown>;
    expect(json).not.toHaveProperty('xCost');
    expect(xLines(r.publishJson!)).toEqual([]);
    // Receipts are written for Mastodon and Facebook only.
    const receipts = readFileSync(path.join(live, 'queue', `${POSTS.thread}.yaml`), 'utf8');
    expect(receipts).toMatch(/^published:\n {2}mastodon:/m);
    expect(receipts).not.toMatch(/twitter/);
  });
});
