// Run the real CLI (bin/lm-post → dist/) as a subprocess. Tests assume `npm run build` has run
// (`npm test` does it). Every run gets NO_COLOR=1 and a 20 s deadline.
import { spawn } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/lm-post');
export const CHARTER = path.join(REPO, 'charter/charter.yaml');

/**
 * The example queue is dated (December 2026): every test judges schedules as on the eve of its
 * first post, through LM_POST_NOW, so the suite does not rot as the real date passes (run it under
 * `faketime` to check). Set for in-process code by test/setup-clock.ts and for every CLI run by
 * cleanEnv(); a test about the real clock passes `LM_POST_NOW: undefined`.
 */
import { DEMO_SIGNING_KEY, EXAMPLE_NOW } from '../setup-clock.js';
export { EXAMPLE_NOW };

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to (or, with value undefined, removed from) a clean copy of the environment. */
  env?: Record<string, string | undefined>;
  input?: string;
  /** Extra node flags placed before bin/lm-post (e.g. --import a preload). */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/** The environment every CLI run starts from: no language or credentials leaking in from the host. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('LM_POST_') || k === 'LANG' || k.startsWith('LC_') || k === 'FORCE_COLOR' || k.startsWith('VITEST') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.LM_POST_NOW = EXAMPLE_NOW;
  env.LM_POST_SIGNING_KEY = DEMO_SIGNING_KEY;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<CliResult> {
  return runNode([...(opts.nodeArgs ?? []), BIN, ...args], opts);
}

/** Run `node ARGS…` with the same conventions as runCli. */
export function runNode(args: readonly string[], opts: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? REPO,
      env: cleanEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** What a user must never see: a stack trace or an internal error. */
export function crashSigns(r: Pick<CliResult, 'stdout' | 'stderr'>): string[] {
  const all = r.stdout + '\n' + r.stderr;
  const signs: string[] = [];
  if (/\n\s+at /.test(all)) signs.push('stack frame');
  if (/TypeError|ReferenceError|RangeError|SyntaxError: /.test(all)) signs.push('JS error name');
  if (all.includes('node:internal')) signs.push('node:internal');
  if (/Erreur interne de lm-post|lm-post internal error/.test(all)) signs.push('internal error');
  return signs;
}

/** Problem lines of the stylish format: `  file:line:col  severity  message  rule`. */
export interface ProblemLine {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  ruleId: string;
}

// stylish pads position and severity into columns: `  file:line:col  severity  message  rule-id`.
const PROBLEM = /^ {2}(.+?):(\d+):(\d+) +(erreur|error|attention|warning) +(.*?) {2}([a-z][a-z-]*)$/;

export function problemLines(stdout: string): ProblemLine[] {
  const out: ProblemLine[] = [];
  for (const l of stdout.split('\n')) {
    const m = PROBLEM.exec(l);
    if (m) out.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), severity: m[4]!.trim(), message: m[5]!, ruleId: m[6]! });
  }
  return out;
}

/** File list + size + mtime + content hash of a folder tree, to prove a command wrote nothing. */
export function snapshotTree(dir: string): Record<string, string> {
  const snap: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      const rel = path.relative(dir, p);
      if (st.isDirectory()) {
        snap[rel + '/'] = `dir ${st.mtimeMs}`;
        walk(p);
      } else if (st.isFile()) {
        // Small files: full bytes (as base64); large ones: size + mtime + a sample, enough to see a write.
        const sample = st.size <= 1 << 20 ? readFileSync(p).toString('base64') : `${st.size} bytes`;
        snap[rel] = `file ${st.size} ${st.mtimeMs} ${sample}`;
      } else snap[rel] = `other ${st.mode} ${st.mtimeMs}`;
    }
  };
  walk(dir);
  return snap;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*[A-Za-z]/;

/**
 * A throw-away working folder: `queue/media/photo.jpg` (a real JPEG) plus the given files
 * (paths relative to the folder). Remove it with `rmSync(root, { recursive: true })`.
 */
export function tempWorkspace(files: Record<string, string | Buffer> = {}): { root: string; queue: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-cli-'));
  const queue = path.join(root, 'queue');
  mkdirSync(path.join(queue, 'media'), { recursive: true });
  copyFileSync(path.join(REPO, 'queue/media/compost.jpg'), path.join(queue, 'media/photo.jpg'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return { root, queue };
}
