// `lm-post live`: on a real terminal (tmux) to the embedded sandbox, and over stdin killed
// (SIGKILL) after its second item, then rerun: exactly one copy of each item on X and Mastodon.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { makeWorkspace, type Workspace } from '../helpers/publish-env.js';
import { hasTmux, type Tmux, tmuxLmPost } from '../helpers/tmux.js';
import { EXAMPLE_NOW_MS } from '../setup-clock.js';

let ws: Workspace | undefined;
let term: Tmux | undefined;
let sb: Sandbox | undefined;
afterEach(async () => {
  term?.kill();
  await sb?.close();
  ws?.remove();
  ws = term = sb = undefined;
});

/** A live-tweet by a trained author whose event starts now (the trained-author window of SPEC §6). */
function liveWorkspace(): Workspace {
  const w = makeWorkspace([]);
  const now = new Date(EXAMPLE_NOW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  w.write('live', `type: livetweet\nauthor: ines\ntext: "1/ En direct des Rencontres de l'ESS #ESS"\nevent:\n  name: Rencontres de l'ESS\n  starts: ${now}\n`);
  return w;
}

describe.skipIf(!hasTmux)('lm-post live on a terminal', () => {
  it('publishes three items, one with an image, to the sandbox', async () => {
    ws = liveWorkspace();
    const before = ws.read('live');
    term = tmuxLmPost(ws.root, ['live', 'live', '--sandbox']);
    await term.waitFor('Élément 2');
    await term.waitFor(/Mastodon \[1\] http/);
    term.type('2/ Première table ronde sur la coopération', false);
    await term.waitFor(/X \(Twitter\) \d+\/280 · Mastodon \d+\/500/);
    term.keys('Enter');
    await term.waitFor(/Mastodon \[2\] http/);
    term.type('+image media/compost.jpg Trois bacs à compost en bois dans la cour');
    await term.waitFor('jointe à l’élément suivant');
    term.type('3/ La cour des participant·es');
    await term.waitFor(/Mastodon \[3\] http/);
    term.type('4/ Fin de la matinée, merci !');
    await term.waitFor(/Mastodon \[4\] http/);
    term.keys('Enter');
    expect(await term.exitCode()).toBe(0);
    // Training never touches the real post: the practice thread lives in the sandbox's copy.
    expect(ws.read('live')).toBe(before);
    const data = parseDocument(readFileSync(path.join(ws.root, '.lm-post/sandbox/live/queue/live.yaml'), 'utf8')).toJS();
    expect(data.thread).toEqual([
      { text: '2/ Première table ronde sur la coopération' },
      { text: '3/ La cour des participant·es', media: [{ file: 'media/compost.jpg', alt: 'Trois bacs à compost en bois dans la cour' }] },
      { text: '4/ Fin de la matinée, merci !' },
    ]);
    const receipts = JSON.parse(readFileSync(path.join(ws.root, '.lm-post/sandbox/receipts/live.json'), 'utf8'));
    expect(receipts.twitter.thread).toHaveLength(3);
    expect(receipts.mastodon.thread).toHaveLength(3);
  });
});

describe('lm-post live over stdin', () => {
  it('killed after its second item and rerun, gives exactly one copy of each item on X and Mastodon', async () => {
    ws = liveWorkspace();
    sb = await startSandbox();
    const env = cleanEnv({ ...sb.env });
    const child = spawn(process.execPath, [BIN, 'live', 'live'], { cwd: ws.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const closed = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_c, s) => r(s)));
    child.stdin.write('2/ Premier point\n3/ Deuxième point\n');
    const until = Date.now() + 20_000;
    while (!/Mastodon \[3\] http/.test(out)) {
      if (Date.now() > until) throw new Error(`no third item; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    expect(await closed).toBe('SIGKILL');
    // Time passing: the dead run's lock goes stale.
    const lock = path.join(ws.root, '.lm-post/publish.lock');
    if (existsSync(lock)) utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

    const again = spawn(process.execPath, [BIN, 'live', 'live'], { cwd: ws.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out2 = '';
    again.stdout.on('data', (b: Buffer) => (out2 += b.toString('utf8')));
    again.stderr.on('data', (b: Buffer) => (out2 += b.toString('utf8')));
    const code = new Promise<number | null>((r) => again.on('close', (c) => r(c)));
    again.stdin.end('2/ Premier point\n3/ Deuxième point\n4/ Troisième point\n');
    expect(await code, out2).toBe(0);
    expect(out2).toContain('Déjà dans le fil');

    const texts = ['1/ En direct', '2/ Premier point', '3/ Deuxième point', '4/ Troisième point'];
    for (const net of ['twitter', 'mastodon'] as const) {
      const posts = sb.posts(net);
      for (const t of texts) expect(posts.filter((p) => p.text.includes(t)), `${net}: ${t}`).toHaveLength(1);
      // A chain: each item answers the previous one.
      const byText = (t: string) => posts.find((p) => p.text.includes(t))!;
      for (let i = 1; i < texts.length; i++) expect(byText(texts[i]!).replyTo).toBe(byText(texts[i - 1]!).id);
    }
    const data = parseDocument(ws.read('live')).toJS();
    expect(data.thread.map((t: { text: string }) => t.text)).toEqual(texts.slice(1));
    expect(Object.keys(data.published)).toEqual(['twitter', 'mastodon']);
  });
});

describe('lm-post live when X refuses the replies (non-summoned)', () => {
  it('the first item stands on X with its receipt, the refusal is explained in French, Mastodon gets every item, X leaves the session', async () => {
    ws = liveWorkspace();
    sb = await startSandbox({ twitterReplies: 'summoned-only' });
    const env = cleanEnv({ ...sb.env });
    const child = spawn(process.execPath, [BIN, 'live', 'live'], { cwd: ws.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const code = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    child.stdin.end('2/ Premier point\n3/ Deuxième point\n');
    expect(await code, out).toBe(1);
    expect(out).toContain('✗ X (Twitter) : X (Twitter) a refusé la suite du fil : depuis le 23 février 2026');
    expect(out).toMatch(/Mastodon \[3\] http/);
    expect(sb.posts('twitter').map((p) => p.text)).toEqual(["1/ En direct des Rencontres de l'ESS #ESS"]);
    expect(sb.posts('mastodon')).toHaveLength(3);
    const data = parseDocument(ws.read('live')).toJS();
    expect(data.published.twitter.id).toBe(sb.posts('twitter')[0]!.id);
    expect(data.published.twitter.thread).toBeUndefined();
    // X leaves the session after its refusal: one refused request, never one per item typed after.
    const refused = sb.requests.filter((q) => q.network === 'twitter' && q.method === 'POST' && q.path === '/2/tweets' && q.status === 403);
    expect(refused).toHaveLength(1);
    expect(out).not.toMatch(/X \(Twitter\) \[2\]/);
  });
});

describe('lm-post live, the edges', () => {
  it('--dry-run shows each item as each network would get it, and writes nothing', async () => {
    ws = liveWorkspace();
    const before = ws.read('live');
    const r = await ws.cli(['live', 'live', '--dry-run']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const w = ws;
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'live', 'live', '--dry-run'], { cwd: w.root, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
      child.on('close', (code) => resolve({ code, out }));
      child.stdin.end('2/ Un point {@compost-lyon}\n');
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain('Simulation (--dry-run)');
    expect(run.out).toMatch(/── X \(Twitter\) \[2\] \{"text":"2\/ Un point @CompostLyon"/);
    expect(run.out).toMatch(/── Mastodon \[2\] \{"text":"2\/ Un point @compost@/);
    expect(ws.read('live')).toBe(before);
    expect(existsSync(path.join(ws.root, '.lm-post'))).toBe(false);
  });

  // For real: outside the event window, refused. (In the sandbox, a rehearsal runs on the event's
  // clock on any day, SPEC §17: see live-forgives.test.ts.)
  it('outside the event window, a live-tweet without approval is refused with the reason', async () => {
    ws = makeWorkspace([]);
    ws.write('live', 'type: livetweet\nauthor: ines\ntext: "1/ Plus tard"\nevent:\n  name: Plus tard\n  starts: 2030-01-01T10:00:00+01:00\n');
    const r = await ws.cli(['live', 'live']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pas encore approuvé');
    expect(r.stderr).toContain('fenêtre de l’événement');
  });
});
