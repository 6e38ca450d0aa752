// `npm start` = `lm-post demo`: approve and publish a copy of the queue to the sandbox, without
// touching the user's files.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli, snapshotTree } from '../helpers/cli.js';

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
    expect(done.length).toBe(21);
    expect(done.every((l) => /https?:\/\/127\.0\.0\.1:\d+\//.test(l))).toBe(true);
    expect({ ...snapshotTree(path.join(dir, 'queue')), ...snapshotTree(path.join(dir, 'charter')) }).toEqual(before);
    // The approvals are in the copy, written by validators other than each post's author.
    const copy = readFileSync(path.join(dir, '.lm-post/demo/queue/2026-12-12-assemblee-generale.yaml'), 'utf8');
    expect(copy).toMatch(/review:\n  state: approved\n  by: sacha/);
    expect(existsSync(path.join(dir, '.lm-post/demo/.lm-post/sandbox/receipts'))).toBe(true);
    // SPEC §14: the example fortnight's letter and the website's feeds, and where they are.
    expect(first.stdout).toMatch(/^Lettre de la quinzaine du 2026-11-30 : \.lm-post\/demo\/lettre\.html/m);
    expect(first.stdout).toMatch(/^Flux du site : \.lm-post\/demo\/site\/feed\.xml/m);
    expect(readFileSync(path.join(dir, '.lm-post/demo/lettre.html'), 'utf8')).toMatch(/<h2 id="jeudiwe-mardipro"/);
    expect(readFileSync(path.join(dir, '.lm-post/demo/site/feed.xml'), 'utf8')).toMatch(/<entry>/);

    const second = await runCli(['demo'], { cwd: dir, timeoutMs: 60_000 });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Rien de nouveau à publier : 15 billet\(s\) déjà publié\(s\)/);
    expect(second.stdout).not.toMatch(/^✓ /m);
  }, 120_000);
});
