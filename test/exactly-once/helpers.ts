// Helpers for the "exactly once" suite: throw-away workspaces holding copies of the real charter and
// of selected example posts (made due, then approved), the real CLI run as a subprocess against the
// sandbox emulators (env = sandbox.env, receipts written into the post files), and the assertions
// every scenario shares (no post × item twice, receipts, no secret anywhere).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { expect } from 'vitest';
import { DEMO_SIGNING_KEY, EXAMPLE_NOW } from '../setup-clock.js';
import { charterWithoutBluesky } from '../helpers/example-charter.js';
import type { Sandbox, SandboxNetwork, SandboxOptions, SandboxPost } from '../../src/sandbox/index.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/lm-post');

export const LIVETWEET = '2026-12-11-livetweet-rencontres-ess-aura';
/** X + Mastodon, one item, no media (Mastodon variant with spoiler). */
export const VEILLE = '2026-12-09-veille-budget-ess-metropole';
/** X + Mastodon, one item, no media. */
export const VEILLE2 = '2026-12-03-veille-panorama-tiers-lieux';
/** Facebook only, one item, no media. */
export const QUARTIER = '2026-12-08-quartier-marche-de-noel-solidaire';

export interface Workspace {
  root: string;
  queue: string;
  file(id: string): string;
  journal(id: string): string;
  lockDir: string;
  cleanup(): void;
}

/** Copies of charter/charter.yaml (without its Bluesky mirror, see example-charter.ts), queue/media and the given posts, made due (no publish_at) then approved. */
export async function workspace(ids: readonly string[], edit: (id: string, text: string) => string = (_id, text) => text): Promise<Workspace> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-eo-'));
  const queue = path.join(root, 'queue');
  mkdirSync(path.join(queue, 'media'), { recursive: true });
  mkdirSync(path.join(root, 'charter'));
  writeFileSync(path.join(root, 'charter/charter.yaml'), charterWithoutBluesky());
  for (const f of readdirSync(path.join(REPO, 'queue/media'))) copyFileSync(path.join(REPO, 'queue/media', f), path.join(queue, 'media', f));
  for (const id of ids) {
    const text = readFileSync(path.join(REPO, 'queue', `${id}.yaml`), 'utf8');
    const due = edit(id, text).replace(/^publish_at:.*\n/m, '');
    expect(due).not.toMatch(/^publish_at:/m);
    writeFileSync(path.join(queue, `${id}.yaml`), due);
  }
  // Due BEFORE approval: the approval digest covers publish_at. (In-process: saves a Node start-up.)
  const r = await inProcess(root, ['approve', ...ids, '--as', 'sacha'], {});
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return {
    root,
    queue,
    file: (id) => path.join(queue, `${id}.yaml`),
    journal: (id) => path.join(root, '.lm-post/journal', `${id}.jsonl`),
    lockDir: path.join(root, '.lm-post/publish.lock'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The host environment without any LM_POST_ variable, language or colour; plus `extra`. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('LM_POST_') || k === 'LANG' || k.startsWith('LC_') || k === 'FORCE_COLOR' || k.startsWith('VITEST') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.LM_POST_LANG = 'en';
  env.LM_POST_NOW = EXAMPLE_NOW;
  env.LM_POST_SIGNING_KEY = DEMO_SIGNING_KEY;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Everything the CLI printed since the current test's setup(), and every credential value it was
 * given: setup() checks at the end of each test that none of those values leaked (scenario 9).
 */
const produced: string[] = [];
const givenSecrets = new Set<string>();
function note(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) if (v && /^LM_POST_.*(TOKEN|SECRET|KEY)$/.test(k)) givenSecrets.add(v);
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Output so far. */
  output(): string;
  done: Promise<CliResult>;
}

/** Start `lm-post ARGS` in `cwd`; a hard 25 s deadline kills it. */
export function start(cwd: string, args: readonly string[], env: Record<string, string | undefined>, timeoutMs = 25_000): Running {
  const t0 = Date.now();
  note(env);
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      produced.push(out, err);
      resolve({ code, signal, stdout: out, stderr: err, ms: Date.now() - t0 });
    });
  });
  return { child, output: () => out + err, done };
}

export function cli(cwd: string, args: readonly string[], env: Record<string, string | undefined>, timeoutMs?: number): Promise<CliResult> {
  return start(cwd, args, env, timeoutMs).done;
}

/**
 * The real CLI entry point (src/cli/main.ts `run`) in this process, with its own Io: same code path
 * as the subprocess, minus the Node start-up. Used for approvals, resolve, dry runs, and where the
 * test must control the clock.
 */
export async function inProcess(cwd: string, args: readonly string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const { run } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const t0 = Date.now();
  const full = cleanEnv(env);
  note(env);
  const code = await run(args, { cwd, env: full, out: (s) => void (stdout += s), err: (s) => void (stderr += s), isTTY: false });
  produced.push(stdout, stderr);
  return { code, signal: null, stdout, stderr, ms: Date.now() - t0 };
}

/**
 * `lm-post publish` against the sandbox as CI would run it — a subprocess of bin/lm-post (dist/), with
 * credentials and base URLs in the environment (not --sandbox), so receipts go into the post files.
 */
export function publishCli(ws: Workspace, sb: Sandbox, args: readonly string[] = [], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return cli(ws.root, ['publish', ...args], { ...sb.env, ...env });
}

/**
 * The same command through the CLI entry point in this process (src/, real SDKs, real HTTP to the
 * emulators): no Node start-up per run, which keeps the folder within its time budget. Not for tests
 * running concurrently in one worker (the SDKs keep process-wide state).
 */
export function publishIn(ws: Workspace, sb: Sandbox, args: readonly string[] = [], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return inProcess(ws.root, ['publish', ...args], { ...sb.env, ...env });
}

/** Resolves when `pred()` holds (polled every 10 ms), rejects after `ms`. */
export async function waitFor(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A SIGKILLed publish leaves its proper-lockfile lock behind; it only becomes stale after 30 s
 * without refresh. Make it look 60 s old (time passing), so the next run may take over.
 */
export function ageLock(ws: Workspace): void {
  if (!existsSync(ws.lockDir)) return;
  const old = new Date(Date.now() - 60_000);
  utimesSync(ws.lockDir, old, old);
}

/** Journal lines of a post (parsed, torn lines skipped). */
export function journal(ws: Workspace, id: string): Array<Record<string, unknown>> {
  let text = '';
  try {
    text = readFileSync(ws.journal(id), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

export function tearJournal(ws: Workspace, id: string, half = '{"t":"created","network":"twitter","item":'): void {
  appendFileSync(ws.journal(id), half);
}

export interface ReceiptShape {
  id: string;
  url: string;
  at: string;
  thread?: string[];
}

export function receipts(ws: Workspace, id: string): Partial<Record<SandboxNetwork, ReceiptShape>> {
  const data = parse(readFileSync(ws.file(id), 'utf8')) as { published?: Partial<Record<SandboxNetwork, ReceiptShape>> };
  return data.published ?? {};
}

/** No two posts of a network carry the same text: no post × item was created twice. */
export function expectNoDuplicates(sb: Sandbox, network: SandboxNetwork): void {
  const posts = sb.posts(network);
  const seen = new Map<string, SandboxPost>();
  for (const p of posts) {
    const key = `${p.spoiler ?? ''}\0${p.text}`;
    expect(seen.has(key), `${network}: "${p.text.slice(0, 60)}" exists twice (${seen.get(key)?.id} and ${p.id})`).toBe(false);
    seen.set(key, p);
  }
}

/** A complete thread of `n` items on `network`, chained, whose ids are those of the receipt. */
export function expectThread(sb: Sandbox, network: SandboxNetwork, receipt: ReceiptShape | undefined, n: number, startsWith = /^1\//): readonly SandboxPost[] {
  expectNoDuplicates(sb, network);
  const posts = sb.posts(network);
  expect(posts.length, `${network}: ${posts.map((p) => p.text.slice(0, 12)).join(' | ')}`).toBe(n);
  expect(posts[0]!.text).toMatch(startsWith);
  expect(posts[0]!.replyTo).toBeNull();
  for (let i = 1; i < n; i++) {
    expect(posts[i]!.text.startsWith(`${i + 1}/`), `item ${i + 1} order on ${network}`).toBe(true);
    expect(posts[i]!.replyTo, `item ${i + 1} replies to item ${i} on ${network}`).toBe(posts[i - 1]!.id);
  }
  expect(receipt, `${network} receipt`).toBeDefined();
  expect(receipt!.id).toBe(posts[0]!.id);
  expect(receipt!.url).toContain(posts[0]!.id);
  if (n > 1) expect(receipt!.thread).toEqual(posts.slice(1).map((p) => p.id));
  else expect(receipt!.thread).toBeUndefined();
  return posts;
}

/** Secret values of the sandbox (tokens, keys, app secret), and the appsecret_proof derived from them. */
export function secretsOf(sb: Sandbox, extra: string[] = []): string[] {
  const values = Object.entries(sb.env)
    .filter(([k]) => /TOKEN|SECRET|KEY/.test(k))
    .map(([, v]) => v);
  values.push(createHmac('sha256', sb.env.LM_POST_FACEBOOK_APP_SECRET!).update(sb.env.LM_POST_FACEBOOK_PAGE_TOKEN!).digest('hex'));
  return [...values, ...values.map(encodeURIComponent), ...extra].filter((v) => v.length >= 6);
}

/** Every text file of the workspace (posts, journal, sandbox state excluded: there is none here). */
export function workspaceTexts(ws: Workspace): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, name.name);
      if (name.isDirectory()) walk(p);
      else if (name.isFile() && !/\.(png|jpe?g|gif|webp)$/i.test(name.name)) out.push([path.relative(ws.root, p), readFileSync(p, 'utf8')]);
    }
  };
  walk(ws.root);
  return out;
}

/** No secret value in any output collected, nor in any file of the workspace (journal, posts…). */
export function expectNoSecrets(sb: Sandbox, ws: Workspace, outputs: readonly string[], extra: string[] = []): void {
  const secrets = secretsOf(sb, extra);
  const places: Array<[string, string]> = [...outputs.map((o, i): [string, string] => [`output #${i}`, o]), ...workspaceTexts(ws)];
  for (const [where, text] of places) {
    for (const s of secrets) expect(text.includes(s), `secret found in ${where}`).toBe(false);
  }
}

export function countRequests(sb: Sandbox, network: SandboxNetwork, method: string, pathRe: RegExp): number {
  return sb.requests.filter((r) => r.network === network && r.method === method && pathRe.test(r.path)).length;
}

/**
 * A fresh sandbox (in-memory) and workspace for one test, both released when the test finishes —
 * tests of a file run concurrently, so nothing is shared between them.
 */
export async function setup(
  onTestFinished: (fn: () => Promise<void>) => void,
  ids: readonly string[],
  options: SandboxOptions = {},
  edit?: (id: string, text: string) => string,
): Promise<{ sb: Sandbox; ws: Workspace }> {
  const { startSandbox } = await import('../../src/sandbox/index.js');
  const sb = await startSandbox(options);
  let ws: Workspace | undefined;
  produced.length = 0;
  givenSecrets.clear();
  onTestFinished(async () => {
    try {
      // Scenario 9, for every test: no credential in any output, journal, receipt or post file.
      if (ws) expectNoSecrets(sb, ws, produced, [...givenSecrets]);
    } finally {
      await sb.close();
      ws?.cleanup();
    }
  });
  ws = await workspace(ids, edit);
  return { sb, ws };
}
