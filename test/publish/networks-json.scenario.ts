// --network mastodon publishes only the mirror; a later run resumes with the other networks;
// --json output parses and lists what went where.
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult } from '../helpers/cli.js';
import { compose, createRequests, eventInDays, makeWorkspace, Q, sandboxEnv, setPublishAt, splitOwnBlocks, type Workspace } from '../helpers/publish-env.js';

const X_POST = Q.veilleBudget;
const FB_POST = Q.jeudiwe;

interface JsonOut {
  published: { post: string; network: string; id: string; url: string; at: string; thread?: string[] }[];
  failed: unknown[];
  needsHuman: unknown[];
  skipped: { post: string; reason: string }[];
  alreadyPublished: string[];
}

let sb: Sandbox;
let ws: Workspace;
let approved: Record<string, string>;
let mirror: CliResult;
let reqMirror: RecordedRequest[];
let afterMirror: Record<string, string>;
let rest: CliResult;
let reqRest: RecordedRequest[];
let last: CliResult;

const read = () => ({ [X_POST]: ws.read(X_POST), [FB_POST]: ws.read(FB_POST) });
const published = (id: string, text = ws.read(id)) => (parse(text) as { published?: Record<string, { id: string }> }).published;

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  sb = await startSandbox();
  ws = makeWorkspace([X_POST, FB_POST], { [X_POST]: setPublishAt(undefined), [FB_POST]: compose(setPublishAt(undefined), eventInDays(5)) });
  const a = await ws.cli(['approve', X_POST, FB_POST, '--as', 'sacha']);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  approved = read();
  const env = sandboxEnv(sb);
  mirror = await ws.cli(['publish', '--network', 'mastodon', '--json'], env);
  reqMirror = [...sb.requests];
  afterMirror = read();
  rest = await ws.cli(['publish', '--json'], env);
  reqRest = sb.requests.slice(reqMirror.length);
  last = await ws.cli(['publish', '--json'], env);
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
});

describe('--network and --json', () => {
  it('--network mastodon: only the Mastodon mirror is created', () => {
    expect(crashSigns(mirror)).toEqual([]);
    expect(mirror.code, mirror.stdout + mirror.stderr).toBe(0);
    expect(createRequests(reqMirror, 'mastodon')).toHaveLength(1);
    expect(createRequests(reqMirror, 'twitter')).toEqual([]);
    expect(createRequests(reqMirror, 'facebook')).toEqual([]);
    expect(reqMirror.filter((r) => r.network !== 'mastodon')).toEqual([]);
    expect(Object.keys(published(X_POST, afterMirror[X_POST]) ?? {})).toEqual(['mastodon']);
    expect(afterMirror[FB_POST]).toBe(approved[FB_POST]);
    expect(splitOwnBlocks(afterMirror[X_POST]!).authored).toBe(splitOwnBlocks(approved[X_POST]!).authored);
  });

  it('--json lists what went where', () => {
    const out = JSON.parse(mirror.stdout) as JsonOut;
    expect(out.published).toEqual([{ post: X_POST, network: 'mastodon', id: sb.posts('mastodon')[0]!.id, url: sb.posts('mastodon')[0]!.url, at: expect.any(String) }]);
    expect(out.failed).toEqual([]);
    expect(out.needsHuman).toEqual([]);
    expect(out.skipped).toEqual([]);
  });

  it('--network mastodon does not call a never-published Facebook post "already published"', () => {
    expect((JSON.parse(mirror.stdout) as JsonOut).alreadyPublished).not.toContain(FB_POST);
  });

  it('the next run resumes: X for the veille, Facebook for the evenement; Mastodon is not re-sent', () => {
    expect(rest.code, rest.stdout + rest.stderr).toBe(0);
    const out = JSON.parse(rest.stdout) as JsonOut;
    expect(out.published.map((p) => `${p.post} → ${p.network}`).sort()).toEqual([`${FB_POST} → facebook`, `${X_POST} → twitter`]);
    for (const p of out.published) {
      const emu = sb.posts(p.network as 'twitter').find((s) => s.id === p.id);
      expect(emu, `${p.network} ${p.id}`).toBeDefined();
      expect(p.url.startsWith(sb.urls[p.network as 'twitter'])).toBe(true);
    }
    expect(createRequests(reqRest, 'mastodon')).toEqual([]);
    expect(createRequests(reqRest, 'twitter')).toHaveLength(1);
    expect(createRequests(reqRest, 'facebook')).toHaveLength(1);
    expect(out.alreadyPublished).toEqual([]);
    expect(Object.keys(published(X_POST) ?? {}).sort()).toEqual(['mastodon', 'twitter']);
    expect(Object.keys(published(FB_POST) ?? {})).toEqual(['facebook']);
    expect(sb.posts('mastodon')).toHaveLength(1);
  });

  it('a last run: everything already published, nothing sent', () => {
    expect(last.code).toBe(0);
    const out = JSON.parse(last.stdout) as JsonOut;
    expect(out.published).toEqual([]);
    expect(out.alreadyPublished.sort()).toEqual([FB_POST, X_POST].sort());
    expect(createRequests(sb.requests)).toHaveLength(3);
  });
});
