// `npm start` = `lm-post demo`: approve and publish a copy of the queue to the sandbox, without
// touching the user's files.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, REPO, runCli, snapshotTree } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-demo-'));
cpSync(path.join(REPO, 'charter'), path.join(dir, 'charter'), { recursive: true });
cpSync(path.join(REPO, 'queue'), path.join(dir, 'queue'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lm-post demo', () => {
  it('publishes a copy of the example queue to the sandbox, leaves the user files alone, and says so when run again', async () => {
    const before = { ...snapshotTree(path.join(dir, 'queue')), ...snapshotTree(path.join(dir, 'charter')) };
    const first = await runCli(['demo'], { cwd: dir, timeoutMs: 60_000 });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/vos fichiers ne sont pas modifiés/);
    // Every example post went somewhere, with its URL.
    const done = first.stdout.split('\n').filter((l) => l.startsWith('✓ '));
    // 21 publications on X, Mastodon and Facebook, and the 6 X publications mirrored to Bluesky
    // (whose receipts give the post's bsky.app address, as the real PDS).
    expect(done.length).toBe(27);
    expect(done.filter((l) => l.includes('→ Bluesky'))).toHaveLength(6);
    expect(done.every((l) => /https?:\/\/127\.0\.0\.1:\d+\/|https:\/\/bsky\.app\/profile\/locauxmotiv\.bsky\.social\/post\//.test(l))).toBe(true);
    expect({ ...snapshotTree(path.join(dir, 'queue')), ...snapshotTree(path.join(dir, 'charter')) }).toEqual(before);
    // The approvals are in the copy, written by validators other than each post's author.
    const copy = readFileSync(path.join(dir, '.lm-post/demo/queue/2026-12-12-assemblee-generale.yaml'), 'utf8');
    expect(copy).toMatch(/review:\n  state: approved\n  by: sacha/);
    expect(existsSync(path.join(dir, '.lm-post/demo/.lm-post/sandbox/receipts'))).toBe(true);
    // SPEC §14: the example fortnight's letter and the website's feeds, and where they are.
    expect(first.stdout).toMatch(/^Lettre de la quinzaine du lundi 30 novembre au dimanche 13 décembre 2026 : \.lm-post\/demo\/lettre\.html/m);
    expect(first.stdout).toMatch(/^Flux du site : \.lm-post\/demo\/site\/feed\.xml/m);
    expect(readFileSync(path.join(dir, '.lm-post/demo/lettre.html'), 'utf8')).toMatch(/<h2 id="jeudiwe-mardipro"/);
    expect(readFileSync(path.join(dir, '.lm-post/demo/site/feed.xml'), 'utf8')).toMatch(/<entry>/);

    expect(first.stdout).toMatch(/Ce que chaque réseau a reçu : lm-post sandbox/);

    // A post added to queue/ after the first run joins the demo; the second run says how to start over.
    const added = readFileSync(path.join(dir, 'queue/2026-12-02-salles-de-reunion.yaml'), 'utf8').replace(/^text: .*$/m, 'text: Une salle de plus pour la démonstration, réservez-la !');
    writeFileSync(path.join(dir, 'queue/2026-12-20-ajout.yaml'), added);
    const second = await runCli(['demo'], { cwd: dir, timeoutMs: 60_000 });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('Démonstration déjà lancée : ce qui est publié n’est pas renvoyé ; ajouté(s) depuis : 2026-12-20-ajout.yaml. Pour recommencer de zéro : lm-post demo --reset');
    expect(second.stdout.split('\n').filter((l) => l.startsWith('✓ '))).toEqual([expect.stringMatching(/^✓ 2026-12-20-ajout → Facebook /)]);

    // What each emulated network received, from the sandbox state of the demo.
    const list = await runCli(['sandbox', '--json'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    const received = JSON.parse(list.stdout) as Record<string, { text: string }[]>;
    expect(received.facebook!.some((p) => p.text.includes('Une salle de plus'))).toBe(true);
    expect(received.twitter!.length + received.mastodon!.length + received.facebook!.length).toBeGreaterThanOrEqual(22);
    const text = await runCli(['sandbox', '--lang', 'en'], { cwd: dir });
    expect(text.stdout).toMatch(/^── Facebook : \d+ post\(s\) received$/m);
    // When each was received, as people read it in the charter's zone (--json keeps ISO).
    expect(text.stdout).toMatch(/^ {2}• \w+, \d+ \w+ \d{4} at \d\d:\d\d \(Europe\/Paris\) {2}id \S+$/m);
    expect(text.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);

    // --serve: the list and each post can be browsed while it runs.
    const child = spawn(process.execPath, [BIN, 'sandbox', '--serve'], { cwd: dir, env: cleanEnv() });
    try {
      let out = '';
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /Bac à sable ouvert : (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(out)));
      });
      const index = await (await fetch(`${base}/`)).text();
      expect(index).toContain('Une salle de plus pour la démonstration');
      const link = new RegExp(`${base.replace(/[.:/]/g, '\\$&')}(/\\S+)`).exec(out)![1]!;
      const one = await fetch(base + link);
      expect(one.status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
    expect(code).toBe(0);
  }, 150_000);
});
