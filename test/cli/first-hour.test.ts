// A volunteer's first hour, end to end through bin/lm-post: an event that already started is
// refused at check, approve and publish (judged by when the post would really go out), and a dry
// run lists every reason a post would not go out.
import { demoSignature } from '../helpers/keys.js';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import { postDigest } from '../../src/post/digest.js';
import { readPost } from '../../src/post/read.js';
import { BIN, crashSigns, runCli, runNode } from '../helpers/cli.js';
import { hoursAgo, daysAhead, makeWorkspace, Q, type Workspace } from '../helpers/publish-env.js';

let ws: Workspace;
beforeAll(() => {
  ws = makeWorkspace([Q.jeudiwe, Q.veilleGuide], {
    // Announced for yesterday evening, the event started three hours ago.
    [Q.jeudiwe]: (t) =>
      t
        .replace(/^publish_at: .*$/m, `publish_at: ${hoursAgo(20)}`)
        .replace(/^( {2}starts: ).*$/m, `$1${hoursAgo(3)}`)
        .replace(/^( {2}ends: ).*$/m, `$1${daysAhead(0, 2)}`),
    // Scheduled later, not approved, and with an http link: three reasons at once.
    [Q.veilleGuide]: (t) => t.replace(/^publish_at: .*$/m, `publish_at: ${daysAhead(2)}`).replace(/^link: https:/m, 'link: http:'),
  });
});
afterAll(() => ws?.remove());

describe('an evenement whose event has started', () => {
  it('approve refuses it', async () => {
    const r = await ws.cli(['approve', Q.jeudiwe, '--as', 'sacha', '--lang', 'fr']);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toContain('L’événement a déjà commencé');
    expect(ws.read(Q.jeudiwe)).not.toContain('review:');
  });

  it('check reports it at event.starts, in French and English', async () => {
    const line = ws.read(Q.jeudiwe).split('\n').findIndex((l) => l.startsWith('  starts: ')) + 1;
    const fr = await ws.cli(['check', Q.jeudiwe, '--format', 'json', '--lang', 'fr']);
    const en = await ws.cli(['check', Q.jeudiwe, '--format', 'json', '--lang', 'en']);
    for (const [r, text] of [[fr, 'L’événement a déjà commencé'], [en, 'The event has already started']] as const) {
      expect(r.code).toBe(1);
      const m = (JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; column: number; message: string }[] }[])[0]!.messages.find((x) => x.ruleId === 'event-dates');
      expect(m).toMatchObject({ line, column: 11 });
      expect(m!.message).toContain(text);
    }
  });

  it('publish does not send it even when it was approved before the event', async () => {
    const post = readPost(ws.file(Q.jeudiwe), ws.root);
    const digest = postDigest(post.data!, path.dirname(ws.file(Q.jeudiwe)), loadCharter('charter/charter.yaml', ws.root));
    const signature = demoSignature(Q.jeudiwe, { state: 'approved', by: 'sacha', at: hoursAgo(21), digest });
    appendFileSync(ws.file(Q.jeudiwe), `review:\n  state: approved\n  by: sacha\n  at: ${hoursAgo(21)}\n  digest: ${digest}\n  signature: |-\n${signature.split('\n').map((l) => `    ${l}\n`).join('')}`);
    const r = await ws.cli(['publish', Q.jeudiwe, '--sandbox', '--lang', 'fr']);
    expect(crashSigns(r)).toEqual([]);
    // An approved post blocked by an error: someone has to act (exit 1).
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('L’événement a déjà commencé');
    expect(r.stdout).not.toContain('✓');
    expect(ws.read(Q.jeudiwe)).not.toContain('published:');
  });
});

describe('publish --dry-run', () => {
  it('lists every reason a post would not go out', async () => {
    const r = await ws.cli(['publish', Q.veilleGuide, '--dry-run', '--lang', 'fr']);
    expect(crashSigns(r)).toEqual([]);
    // Scheduled later, it simply waits for now: the same exit code as the real run (0).
    expect(r.code, r.stderr).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf(`– ${Q.veilleGuide}`));
    expect(block).toContain('ne serait pas publié (3 raisons) :');
    expect(block).toMatch(/• programmé pour le /);
    expect(block).toMatch(/• Billet pas encore approuvé/);
    expect(block).toMatch(/• 1 erreur\(s\)[^]*link-https|• 1 erreur\(s\)[^]*https/);
  });
});

describe('bin/lm-post before npm run build', () => {
  it('says in French (or English) to run npm run build, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-unbuilt-'));
    try {
      mkdirSync(path.join(dir, 'bin'));
      copyFileSync(BIN, path.join(dir, 'bin/lm-post'));
      writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
      const fr = await runNode([path.join(dir, 'bin/lm-post'), 'check'], { cwd: dir });
      expect(fr.code).toBe(2);
      expect(fr.stderr).toBe('lm-post n’est pas encore construit : lancez `npm run build` dans le dossier de lm-post (après `npm ci`), puis recommencez.\n');
      const en = await runNode([path.join(dir, 'bin/lm-post'), 'check', '--lang', 'en'], { cwd: dir });
      expect(en.stderr).toMatch(/^lm-post is not built yet: run `npm run build`/);
      expect(crashSigns(fr)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wording of the command line', () => {
  it('help: « Utilisation : lm-post [options] [commande] »', async () => {
    const fr = await runCli(['--help', '--lang', 'fr']);
    expect(fr.stdout.split('\n')[0]).toBe('Utilisation : lm-post [options] [commande]');
    const en = await runCli(['--help', '--lang', 'en']);
    expect(en.stdout.split('\n')[0]).toBe('Usage: lm-post [options] [command]');
  });

  it('--timeout abc names the option', async () => {
    const fr = await runCli(['publish', '--dry-run', '--timeout', 'abc', '--lang', 'fr']);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toBe('--timeout « abc » : un nombre entier d’au moins 1 est attendu (ex. --timeout 30).\n');
    const en = await runCli(['publish', '--dry-run', '--timeout', 'abc', '--lang', 'en']);
    expect(en.stderr).toBe('--timeout "abc": a whole number of at least 1 is expected (e.g. --timeout 30).\n');
  });

  it('rules explains options in sentences with the charter values, no raw option names', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const r = await runCli(['rules', '--lang', lang]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/min_length|\{\{/);
      expect(r.stdout).toMatch(lang === 'fr' ? /alt-text .* d’au moins 15 caractères/ : /alt-text .* at least 15 characters/);
      expect(r.stdout).toMatch(lang === 'fr' ? /Termes de la charte : « les adhérents » → « les adhérent·es »/ : /Charter terms: "les adhérents" → "les adhérent·es"/);
    }
  });
});
