// A live-tweet thread whose replies X refuses as non-summoned (SPEC §12; X's rule of 23 February
// 2026, played by the X emulator with twitterReplies: 'summoned-only'): the first item stands with
// its receipt, the rest of the thread stops on X with a clear French message, Mastodon gets the
// whole thread, and a second run sends nothing again. bin/lm-post as a subprocess, real SDKs.
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult } from '../helpers/cli.js';
import { createRequests, makeWorkspace, Q, sandboxEnv, setPublishAt, type Workspace } from '../helpers/publish-env.js';

let sb: Sandbox;
let ws: Workspace;
let run1: CliResult;
let run2: CliResult;
let creates1: { twitter: number; mastodon: number };
let creates2: { twitter: number; mastodon: number };
/** The same thread in English, against an emulator of its own. */
let sbEn: Sandbox;
let wsEn: Workspace;
let english: CliResult;
/** publish --sandbox with LM_POST_SANDBOX_X_REPLIES: a bad value, then summoned-only. */
let wsFlag: Workspace;
let badFlag: CliResult;
let flag: CliResult;

async function approved(): Promise<Workspace> {
  const w = makeWorkspace([Q.livetweet], { [Q.livetweet]: setPublishAt(undefined) });
  const a = await w.cli(['approve', Q.livetweet, '--as', 'dominique']);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  return w;
}

beforeAll(async () => {
  [sb, sbEn] = await Promise.all([startSandbox({ twitterReplies: 'summoned-only' }), startSandbox({ twitterReplies: 'summoned-only' })]);
  [ws, wsEn, wsFlag] = await Promise.all([approved(), approved(), approved()]);
  const main = (async () => {
    run1 = await ws.cli(['publish'], sandboxEnv(sb));
    creates1 = { twitter: createRequests(sb.requests, 'twitter').length, mastodon: createRequests(sb.requests, 'mastodon').length };
    run2 = await ws.cli(['publish'], sandboxEnv(sb));
    creates2 = { twitter: createRequests(sb.requests, 'twitter').length, mastodon: createRequests(sb.requests, 'mastodon').length };
  })();
  const other = (async () => {
    english = await wsEn.cli(['publish', '--lang', 'en'], sandboxEnv(sbEn));
  })();
  const sandboxFlag = (async () => {
    badFlag = await wsFlag.cli(['publish', '--sandbox'], { LM_POST_SANDBOX_X_REPLIES: 'maybe' });
    flag = await wsFlag.cli(['publish', '--sandbox'], { LM_POST_SANDBOX_X_REPLIES: 'summoned-only' });
  })();
  await Promise.all([main, other, sandboxFlag]);
}, 180_000);

afterAll(async () => {
  await Promise.all([sb?.close(), sbEn?.close()]);
  for (const w of [ws, wsEn, wsFlag]) w?.remove();
});

describe('X refuses the replies of a thread (non-summoned)', () => {
  it('the first item stands on X, the rest stops with a clear French message; Mastodon gets the whole thread; exit 1', () => {
    expect(crashSigns(run1)).toEqual([]);
    expect(run1.code, run1.stdout + run1.stderr).toBe(1);
    const x = sb.posts('twitter');
    expect(x).toHaveLength(1);
    expect(x[0]!.text.startsWith('1/')).toBe(true);
    // X saw the refused reply once: no retry loop.
    expect(createRequests(sb.requests, 'twitter').filter((r) => r.status === 403)).toHaveLength(1);
    expect(creates1.twitter).toBe(2);
    expect(sb.posts('mastodon')).toHaveLength(4);
    const line = run1.stdout.split('\n').find((l) => l.startsWith('✗ '))!;
    expect(line).toContain(`✗ ${Q.livetweet} → X (Twitter)  X (Twitter) a refusé la suite du fil : depuis le 23 février 2026`);
    expect(line).toContain(`Le début du fil reste publié (1 message(s) : ${sb.urls.twitter}/i/web/status/${x[0]!.id}) et son reçu est enregistré ; les 3 message(s) suivant(s) ne partiront pas sur X (Twitter)`);
    expect(line).toContain('Les autres réseaux continuent.');
    expect(run1.stdout).toMatch(new RegExp(`^✓ ${Q.livetweet} → Mastodon `, 'm'));
    expect(run1.stdout).toContain('1 échec(s)');
    // X billed the one post created and the alt text already sent for the refused item's image.
    const alts = sb.requests.filter((q) => q.network === 'twitter' && q.method === 'POST' && q.path === '/2/media/metadata').length;
    expect(alts).toBe(1);
    expect(run1.stdout).toContain('Coût X de cette publication : 0,02 USD (1 billet(s) sans lien à 0,015 USD, 1 texte(s) alternatif(s) à 0,005 USD).');
  });

  it('the receipt of the first item is written into the post; the Mastodon receipt holds the whole thread', () => {
    const published = (parse(ws.read(Q.livetweet)) as { published: Record<string, { id: string; url: string; thread?: string[] }> }).published;
    const x = sb.posts('twitter')[0]!;
    expect(published.twitter).toMatchObject({ id: x.id, url: `${sb.urls.twitter}/i/web/status/${x.id}` });
    expect(published.twitter!.thread).toBeUndefined();
    expect(published.mastodon!.thread).toHaveLength(3);
  });

  it('a second run sends nothing again (the refused replies are not retried), exit 0', () => {
    expect(crashSigns(run2)).toEqual([]);
    expect(run2.code, run2.stdout + run2.stderr).toBe(0);
    expect(creates2).toEqual(creates1);
    expect(run2.stdout).toContain('Rien de nouveau à publier');
  });

  it('English is available', () => {
    expect(english.code, english.stdout + english.stderr).toBe(1);
    expect(english.stdout).toContain('X (Twitter) refused the rest of the thread: since 23 February 2026');
    expect(english.stdout).toMatch(/the next 3 post\(s\) will not go to X \(Twitter\) and lm-post will not send them again\. The other networks go on\./);
  });

  it('publish --sandbox plays the refusal with LM_POST_SANDBOX_X_REPLIES=summoned-only; a bad value is a usage error', () => {
    expect(crashSigns(badFlag)).toEqual([]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('LM_POST_SANDBOX_X_REPLIES vaut own-allowed (par défaut) ou summoned-only (reçu « maybe »)');
    expect(crashSigns(flag)).toEqual([]);
    expect(flag.code, flag.stdout + flag.stderr).toBe(1);
    expect(flag.stdout).toContain('X (Twitter) a refusé la suite du fil');
    expect(flag.stdout).toMatch(new RegExp(`^✓ ${Q.livetweet} → Mastodon `, 'm'));
  });
});
