// The two Bluesky servers the contract suite runs the same scenarios against: the sandbox's emulator,
// and a real @atproto/pds started offline on 127.0.0.1 by test/bluesky-pds/harness/start.mjs (installed
// once into a cache folder by scripts/bluesky-pds.mjs, which sets LM_POST_BLUESKY_PDS_HARNESS and
// LM_POST_BLUESKY_PDS_NODE). Without the harness the real half is skipped, and says so — except in CI
// (CI=true) or with LM_POST_REQUIRE_BLUESKY_PDS=1, where a missing harness is a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '../../src/sandbox/index.js';

/**
 * The installed harness: LM_POST_BLUESKY_PDS_HARNESS, else the cache folder scripts/bluesky-pds.mjs
 * installs into (the same key: sha256 of the harness's package.json + lockfile, 16 hex digits), when
 * it holds a finished install. Its `.installed` names the Node that built it (better-sqlite3's ABI).
 */
function installed(): { dir: string; node?: string } | undefined {
  if (process.env.LM_POST_BLUESKY_PDS_HARNESS) return { dir: process.env.LM_POST_BLUESKY_PDS_HARNESS, ...(process.env.LM_POST_BLUESKY_PDS_NODE ? { node: process.env.LM_POST_BLUESKY_PDS_NODE } : {}) };
  const src = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness');
  const key = createHash('sha256').update(readFileSync(path.join(src, 'package.json'))).update(readFileSync(path.join(src, 'package-lock.json'))).digest('hex').slice(0, 16);
  // test/setup-clock.ts points XDG_CACHE_HOME at a temporary folder: the user's own cache is looked at too.
  const caches = [process.env.LM_POST_CI_CACHE, process.env.XDG_CACHE_HOME && path.join(process.env.XDG_CACHE_HOME, 'lm-post-ci'), path.join(homedir(), '.cache', 'lm-post-ci')];
  for (const cache of caches) {
    if (!cache) continue;
    const dir = path.join(cache, `bluesky-pds-${key}`);
    try {
      const info = JSON.parse(readFileSync(path.join(dir, '.installed'), 'utf8')) as { execPath?: string };
      if (info.execPath && existsSync(info.execPath)) return { dir, node: info.execPath };
    } catch {
      // not installed there
    }
  }
  return undefined;
}
const found = installed();
export const HARNESS = found?.dir;
export const REQUIRED = process.env.CI === 'true' || process.env.LM_POST_REQUIRE_BLUESKY_PDS === '1';
export const SKIP_NOTE =
  'Bluesky contract suite: the real @atproto/pds half is SKIPPED (no harness installed). Run `node scripts/bluesky-pds.mjs test` (Node >= 22) to install it once and run it; CI never skips it.';

export interface Target {
  name: 'emulator' | 'real PDS';
  url: string;
  identifier: string;
  appPassword: string;
  did: string;
  /** Another account, for mentions. */
  mention: { handle: string; did: string };
  /** An identifier used only by the createSession rate-limit scenario. */
  limitsIdentifier: string;
  /** The emulator's sandbox (request log), absent for the real server. */
  sandbox?: Sandbox;
  /** Milliseconds the server took to start (import + start for the real one). */
  startMs: number;
  close(): Promise<void>;
}

export async function startEmulator(): Promise<Target> {
  const t0 = Date.now();
  const { startSandbox, blueskyAccount, BLUESKY_APP_PASSWORD, BLUESKY_DIRECTORY } = await import('../../src/sandbox/index.js');
  const sb = await startSandbox();
  return {
    name: 'emulator',
    url: sb.urls.bluesky,
    identifier: blueskyAccount().handle,
    appPassword: BLUESKY_APP_PASSWORD,
    did: blueskyAccount().did,
    mention: { handle: 'cressaura.bsky.social', did: BLUESKY_DIRECTORY['cressaura.bsky.social']! },
    limitsIdentifier: 'limits.bsky.social',
    sandbox: sb,
    startMs: Date.now() - t0,
    close: () => sb.close(),
  };
}

interface Ready {
  ready: true;
  url: string;
  importMs: number;
  startMs: number;
  accounts: { handle: string; did: string; password: string; appPassword: string }[];
}

const START = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness', 'start.mjs');

/**
 * Starts the real PDS (rate limits on, as bsky.social); rejects with its stderr when it cannot.
 * better-sqlite3's native module now and then aborts the PDS while it starts (a failed assertion in
 * Node's RemoveEnvironmentCleanupHook from a Statement destructor, seen once in about twenty starts
 * under load: the process dies by SIGABRT before it is ready). That is the server's own crash, not
 * an answer it gives: such a start is tried again, at most three times, and said on stderr.
 */
export async function startRealPds(timeoutMs = 150_000): Promise<Target> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRealPdsOnce(timeoutMs);
    } catch (e) {
      const aborted = e instanceof Error && e.message.startsWith('the real PDS exited (null)');
      if (!aborted || attempt >= 3) throw e;
      process.stderr.write(`the real PDS aborted while starting (attempt ${attempt}), starting it again\n`);
    }
  }
}

function startRealPdsOnce(timeoutMs: number): Promise<Target> {
  if (!HARNESS) return Promise.reject(new Error(SKIP_NOTE));
  const node = found?.node || process.execPath;
  const t0 = Date.now();
  const child: ChildProcess = spawn(node, [START], {
    env: { ...process.env, LM_POST_BLUESKY_PDS_HARNESS: HARNESS, LM_POST_BLUESKY_PDS_RATE_LIMITS: '1', LM_POST_BLUESKY_PDS_ACCOUNTS: 'locauxmotiv.test,cress.test,limits.test' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise<Target>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the real PDS did not start within ${timeoutMs} ms\n${err.slice(-2000)}`));
    }, timeoutMs);
    child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the real PDS exited (${code})\n${err.slice(-2000)}`));
    });
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const r = JSON.parse(out.slice(0, nl)) as Ready;
      const [main, other, limits] = r.accounts;
      resolve({
        name: 'real PDS',
        url: r.url,
        identifier: main!.handle,
        appPassword: main!.appPassword,
        did: main!.did,
        mention: { handle: other!.handle, did: other!.did },
        limitsIdentifier: limits!.handle,
        startMs: Date.now() - t0,
        close: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.stdin!.end();
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    });
  });
}

/** One XRPC call, raw (status, error, message, headers), to compare the two servers word for word. */
export async function xrpc(
  url: string,
  method: 'GET' | 'POST',
  nsid: string,
  o: { body?: unknown; query?: Record<string, string>; token?: string; bytes?: Buffer; contentType?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const q = o.query ? `?${new URLSearchParams(o.query)}` : '';
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: Uint8Array | string | undefined;
  if (o.bytes) {
    headers['content-type'] = o.contentType ?? 'image/jpeg';
    body = new Uint8Array(o.bytes);
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  const res = await fetch(`${url}/xrpc/${nsid}${q}`, { method, headers, ...(body ? { body } : {}) });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function login(t: Target): Promise<{ accessJwt: string; did: string }> {
  const r = await xrpc(t.url, 'POST', 'com.atproto.server.createSession', { body: { identifier: t.identifier, password: t.appPassword } });
  if (r.status !== 200) throw new Error(`login failed on ${t.name}: ${r.status} ${JSON.stringify(r.body)}`);
  return { accessJwt: String(r.body.accessJwt), did: String(r.body.did) };
}

/** A small JPEG's first bytes then padding: enough for a blob (the PDS sniffs image/jpeg). */
export function fakeJpeg(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size, seed);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}
