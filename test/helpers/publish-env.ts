// Whole-CLI publish scenarios: a throw-away copy of the charter and of chosen posts of queue/,
// the sandbox emulators started in the test process, and bin/lm-post run as a subprocess whose
// base URLs and credentials point at those emulators (the real-network code path, real SDKs,
// receipts written into the post files). Assumes `npm run build` has run.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FACEBOOK_PAGE, GRAPH_VERSION, type RecordedRequest, type Sandbox, type SandboxNetwork } from '../../src/sandbox/index.js';
import { REPO, runCli, type CliResult } from './cli.js';
import { EXAMPLE_NOW_MS } from '../setup-clock.js';
import { charterWithoutBluesky } from './example-charter.js';

export { REPO };

/** Scenarios run their CLI processes concurrently: allow for a busy machine. */
export const CLI_TIMEOUT_MS = 50_000;

/** Files of the real queue used by the scenarios (ids = file names without .yaml). */
export const Q = {
  veillePanorama: '2026-12-03-veille-panorama-tiers-lieux',
  veilleBudget: '2026-12-09-veille-budget-ess-metropole',
  veilleGuide: '2026-12-02-veille-guide-gouvernance-partagee',
  livetweet: '2026-12-11-livetweet-rencontres-ess-aura',
  relais: 'relais-appel-a-projets-france-tiers-lieux',
  jeudiwe: '2026-12-01-jeudiwe-compost',
  ag: '2026-12-12-assemblee-generale',
  presence: '2026-12-05-presence-forum-ess-metropole',
  bureau: '2026-12-01-bureau-libre-espace-partage',
} as const;

export interface Workspace {
  root: string;
  queue: string;
  /** Absolute path of a post file. */
  file(id: string): string;
  read(id: string): string;
  write(id: string, text: string): void;
  /** Run bin/lm-post in this folder; `env` is added to a clean environment (no LM_POST_*). */
  cli(args: readonly string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  remove(): void;
}

/**
 * A temp folder with charter/charter.yaml (without its Bluesky mirror, see example-charter.ts), queue/media/* and the given posts of the real queue.
 * `edit` rewrites a post's text before anything else happens (e.g. to make it due).
 */
export function makeWorkspace(ids: readonly string[], edit: Record<string, (text: string) => string> = {}): Workspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-publish-'));
  const queue = path.join(root, 'queue');
  mkdirSync(path.join(root, 'charter'), { recursive: true });
  mkdirSync(path.join(queue, 'media'), { recursive: true });
  writeFileSync(path.join(root, 'charter/charter.yaml'), charterWithoutBluesky());
  for (const m of readdirSync(path.join(REPO, 'queue/media'))) copyFileSync(path.join(REPO, 'queue/media', m), path.join(queue, 'media', m));
  const file = (id: string) => path.join(queue, `${id}.yaml`);
  for (const id of ids) {
    let text = readFileSync(path.join(REPO, 'queue', `${id}.yaml`), 'utf8');
    if (edit[id]) text = edit[id](text);
    writeFileSync(file(id), text);
  }
  return {
    root,
    queue,
    file,
    read: (id) => readFileSync(file(id), 'utf8'),
    write: (id, text) => writeFileSync(file(id), text),
    cli: (args, env = {}) => runCli(args, { cwd: root, env, timeoutMs: CLI_TIMEOUT_MS }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** An instant `hours` before the tests' now (EXAMPLE_NOW), as ISO 8601 (UTC). */
export function hoursAgo(hours: number): string {
  return new Date(EXAMPLE_NOW_MS - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function daysAhead(days: number, hours = 0): string {
  return new Date(EXAMPLE_NOW_MS + days * 86_400_000 + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Make a post due: its top-level `publish_at` line becomes `value`, or goes away. */
export function setPublishAt(value: string | undefined): (text: string) => string {
  return (text) => {
    if (!/^publish_at: .*$/m.test(text)) throw new Error('no publish_at line');
    return value === undefined ? text.replace(/^publish_at: .*\n/m, '') : text.replace(/^publish_at: .*$/m, `publish_at: ${value}`);
  };
}

/** Move an `evenement`'s dates into the future (relative to now), so the post stays announceable. */
export function eventInDays(days: number): (text: string) => string {
  return (text) => text.replace(/^( {2}starts: ).*$/m, `$1${daysAhead(days)}`).replace(/^( {2}ends: ).*$/m, `$1${daysAhead(days, 2)}`);
}

export function compose(...fs: ((t: string) => string)[]): (text: string) => string {
  return (text) => fs.reduce((t, f) => f(t), text);
}

/** The sandbox's credentials and base URLs, for the CLI's environment. */
export function sandboxEnv(sb: Sandbox): Record<string, string> {
  return { ...sb.env };
}

/** Base URLs only (no credentials). */
export function urlsOnly(sb: Sandbox): Record<string, string> {
  return Object.fromEntries(Object.entries(sb.env).filter(([k]) => /_URL$/.test(k)));
}

/** Values of the sandbox environment that are secrets (`*_TOKEN`, `*_SECRET`, `*_KEY`). */
export function secrets(sb: Sandbox): string[] {
  return Object.entries(sb.env)
    .filter(([k]) => /_(TOKEN|SECRET|KEY)$/.test(k))
    .map(([, v]) => v);
}

export const FEED_PATH = `/${GRAPH_VERSION}/${FACEBOOK_PAGE.id}/feed`;
export const PHOTOS_PATH = `/${GRAPH_VERSION}/${FACEBOOK_PAGE.id}/photos`;

/** Requests that create a post (tweet, status, feed post), in order. */
export function createRequests(reqs: readonly RecordedRequest[], network?: SandboxNetwork): RecordedRequest[] {
  return reqs.filter(
    (r) =>
      r.method === 'POST' &&
      (!network || r.network === network) &&
      ((r.network === 'twitter' && r.path === '/2/tweets') || (r.network === 'mastodon' && r.path === '/api/v1/statuses') || (r.network === 'facebook' && r.path === FEED_PATH)),
  );
}

export function posts(reqs: readonly RecordedRequest[]): RecordedRequest[] {
  return reqs.filter((r) => r.method === 'POST');
}

export function sha256(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Split a post file into what the author wrote and the blocks lm-post appended at the end
 * (`review:` and `published:`). Throws when anything else follows the author's text.
 */
export function splitOwnBlocks(text: string): { authored: string; own: string } {
  const m = /^(?:review|published):[^\n]*\n/m.exec(text);
  if (!m) return { authored: text, own: '' };
  const authored = text.slice(0, m.index);
  const own = text.slice(m.index);
  for (const line of own.split('\n')) {
    if (line === '' || /^(?:review|published):/.test(line) || /^ {2}/.test(line)) continue;
    throw new Error(`unexpected line after lm-post's blocks: ${JSON.stringify(line)}`);
  }
  return { authored, own };
}

/** Every file under a folder (relative path → content), for leak checks. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
