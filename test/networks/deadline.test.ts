// Issue 6, defect 2: a server that accepts the connection and never answers. Every request of every
// adapter must end at its deadline, on Node 20 as on Node 24 — including while the garbage collector
// runs (on Node 20, AbortSignal.any([s, AbortSignal.timeout()]) could be collected and never fire).
import { createServer, type Server, type Socket } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkId } from '../../src/charter/types.js';
import { bounded, deadline, withDeadline } from '../../src/networks/http.js';
import { ADAPTERS } from '../../src/networks/index.js';
import { NetworkError } from '../../src/networks/types.js';
import { fixture, never } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: Server;
let url: string;
const sockets = new Set<Socket>();
beforeAll(async () => {
  // Accepts, reads, never writes a byte.
  server = createServer((s) => {
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const CREDS: Record<NetworkId, Record<string, string>> = {
  twitter: { LM_POST_TWITTER_APP_KEY: 'k'.repeat(25), LM_POST_TWITTER_APP_SECRET: 's'.repeat(50), LM_POST_TWITTER_ACCESS_TOKEN: '1-' + 't'.repeat(40), LM_POST_TWITTER_ACCESS_SECRET: 'a'.repeat(45) },
  mastodon: { LM_POST_MASTODON_TOKEN: 'm'.repeat(43) },
  facebook: { LM_POST_FACEBOOK_PAGE_ID: '1234567890', LM_POST_FACEBOOK_PAGE_TOKEN: 'EAA' + 'f'.repeat(60) },
  bluesky: { LM_POST_BLUESKY_IDENTIFIER: 'locauxmotiv.test', LM_POST_BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop' },
};

/** Runs `fn` while collecting garbage every 20 ms; resolves with its rejection and the time it took. */
async function underGc(fn: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = Date.now();
  const timer = setInterval(gc, 20);
  try {
    await fn();
    return { err: undefined, ms: Date.now() - t0 };
  } catch (err) {
    return { err, ms: Date.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

describe.each(['twitter', 'mastodon', 'facebook'] as const)('%s against a server that never answers', (network) => {
  const TIMEOUT = 400;
  const ops: Array<[string, (a: Awaited<ReturnType<Awaited<ReturnType<(typeof ADAPTERS)[NetworkId]>>['createAdapter']>>) => Promise<unknown>, string]> = [
    ['create', (a) => a.create({ text: 'Bonjour', mediaIds: [], idempotencyKey: 'k1' }, never()), 'unknown-outcome'],
    ['recent', (a) => a.recent(5, never()), 'transient'],
    ['uploadMedia', (a) => a.uploadMedia({ ...fixture('compost.jpg', 'Du compost'), absPath: fixture('compost.jpg', 'x').absPath }, never()), 'transient'],
  ];
  it.each(ops)('%s ends at its deadline, as a classified error', async (_op, call, kind) => {
    const mod = await ADAPTERS[network]();
    const adapter = await mod.createAdapter({ credentials: CREDS[network], baseUrl: url, timeoutMs: TIMEOUT });
    try {
      const { err, ms } = await underGc(() => call(adapter));
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).kind).toBe(kind);
      expect((err as NetworkError).message).toMatch(/no answer within/);
      expect(ms).toBeLessThan(TIMEOUT * 3 + 2_000);
    } finally {
      await adapter.close();
    }
  });
});

// Bluesky logs in first (createSession): against a server that never answers, every operation ends at
// the login's deadline, before anything could be created — so even `create` is a plain transient failure.
describe('bluesky against a server that never answers', () => {
  const TIMEOUT = 400;
  const ops: Array<[string, (a: Awaited<ReturnType<Awaited<ReturnType<(typeof ADAPTERS)['bluesky']>>['createAdapter']>>) => Promise<unknown>]> = [
    ['preflight', (a) => a.preflight!(never())],
    ['create', (a) => a.create({ text: 'Bonjour', mediaIds: [], idempotencyKey: 'k1' }, never())],
    ['recent', (a) => a.recent(5, never())],
    ['uploadMedia', (a) => a.uploadMedia({ ...fixture('compost.jpg', 'Du compost'), absPath: fixture('compost.jpg', 'x').absPath }, never())],
  ];
  it.each(ops)('%s ends at its deadline, nothing sent, as a transient error', async (_op, call) => {
    const mod = await ADAPTERS.bluesky();
    const adapter = await mod.createAdapter({ credentials: CREDS.bluesky, baseUrl: url, timeoutMs: TIMEOUT });
    try {
      const { err, ms } = await underGc(() => call(adapter));
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).kind).toBe('transient');
      expect((err as NetworkError).message).toMatch(/^Bluesky: no answer within/);
      expect((err as NetworkError).message).not.toContain(CREDS.bluesky.LM_POST_BLUESKY_APP_PASSWORD);
      expect(ms).toBeLessThan(TIMEOUT * 3 + 2_000);
    } finally {
      await adapter.close();
    }
  });
});

describe('deadline()', () => {
  it('fires by its own timer, follows the caller, and releases both when cleared', async () => {
    const d = deadline(never(), 50);
    const { err } = await underGc(() => bounded(d.signal, new Promise(() => undefined)));
    expect((err as Error).name).toBe('TimeoutError');
    const caller = new AbortController();
    const p = withDeadline(caller.signal, 60_000, (s) => bounded(s, new Promise(() => undefined)));
    caller.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    // Many deadlines on one long-lived caller signal leave no listener behind (no MaxListeners warning).
    const warnings: string[] = [];
    const onWarn = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarn);
    const long = new AbortController().signal;
    for (let i = 0; i < 50; i++) await withDeadline(long, 60_000, async () => i);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarn);
    expect(warnings).toEqual([]);
  });
});
