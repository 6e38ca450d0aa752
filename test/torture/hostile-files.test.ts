// Hostile files behind a forged review (issue 6, defect 1): /dev/zero or a FIFO named as media
// used to make every command that checks an approval read forever. Each command must end within
// 5 s, with the media reported, never waited on.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARTER, crashSigns, REPO, runCli, tempWorkspace } from '../helpers/cli.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const post = (file: string) => `type: quartier
author: yanis
text: Marché de Noël solidaire place Jean-Macé samedi de 10 h à 18 h, venez nombreux !
media:
  - file: ${file}
    alt: Un stand du marché de Noël
review:
  state: approved
  by: sacha
  at: 2026-11-30T10:00:00+01:00
  digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
`;

function ws(media: string): string {
  const { root, queue } = tempWorkspace({ 'queue/hostile.yaml': post(media) });
  roots.push(root);
  mkdirSync(path.join(root, 'charter'));
  copyFileSync(CHARTER, path.join(root, 'charter/charter.yaml'));
  execFileSync('mkfifo', [path.join(queue, 'media/pipe.jpg')]);
  return root;
}

const COMMANDS: Array<[string, string[]]> = [
  ['check --require-approval', ['check', '--require-approval']],
  ['approve', ['approve', 'hostile', '--as', 'sacha']],
  ['preview', ['preview', 'hostile']],
  ['publish --dry-run', ['publish', '--dry-run']],
  ['publish --sandbox', ['publish', '--sandbox', '--ignore-schedule']],
];

describe.each([
  ['/dev/zero', '/dev/zero'],
  ['a FIFO in queue/media', 'media/pipe.jpg'],
])('media %s behind a forged review', (_name, media) => {
  it.each(COMMANDS)('%s ends within 5 s, without a crash', async (_label, args) => {
    const root = ws(media);
    const t0 = Date.now();
    const r = await runCli(args, { cwd: root, env: { LM_POST_LANG: 'en' }, timeoutMs: 10_000 });
    const ms = Date.now() - t0;
    expect(r.signal, r.stdout + r.stderr).toBeNull();
    expect(ms).toBeLessThan(5_000);
    expect(crashSigns(r)).toEqual([]);
    // Never approved, never published: the media is refused.
    expect(r.stdout).not.toMatch(/✓ hostile/);
  });
});

// Issue 21, point 12: `new --media` used to read the file before looking at it.
describe('new --media on a hostile file', () => {
  it.each([
    ['/dev/zero', '/dev/zero'],
    ['a FIFO', 'pipe.jpg'],
    ['a folder', 'queue'],
  ])('%s is refused within 5 s (exit 2, one line), nothing written', async (_name, media) => {
    const root = ws('media/photo.jpg');
    execFileSync('mkfifo', [path.join(root, 'pipe.jpg')]);
    const t0 = Date.now();
    const r = await runCli(['new', '--type', 'quartier', '--author', 'yanis', '--text', 'Bonjour à toutes et à tous', '--media', media], { cwd: root, env: { LM_POST_LANG: 'en' }, timeoutMs: 10_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.signal, r.stdout + r.stderr).toBeNull();
    expect(r.code).toBe(2);
    expect(crashSigns(r)).toEqual([]);
    expect(r.stderr).toMatch(/not a regular file/);
    expect(readdirSync(path.join(root, 'queue')).sort()).toEqual(['hostile.yaml', 'media']);
  });
});

// Issue 21, points 11 and 22: --out at something that is not a regular file.
describe('--out at a special file', () => {
  const OUTS: Array<[string, string[]]> = [
    ['calendar', ['calendar', '--format', 'ics', '--out']],
    ['charter', ['charter', '--out']],
    ['letter', ['letter', '--from', '2026-11-30', '--format', 'text', '--out']],
  ];
  it.each(OUTS)('%s --out: a link to a character device is written through, never replaced; a FIFO is refused, never replaced nor waited on', async (_name, args) => {
    const root = ws('media/photo.jpg');
    cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
    symlinkSync('/dev/null', path.join(root, 'null-link'));
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    const [dev, fifo] = await Promise.all([
      runCli([...args, 'null-link'], { cwd: root, env: { LM_POST_LANG: 'en' }, timeoutMs: 10_000 }),
      runCli([...args, 'fifo'], { cwd: root, env: { LM_POST_LANG: 'en' }, timeoutMs: 10_000 }),
    ]);
    expect(crashSigns(dev)).toEqual([]);
    expect(lstatSync(path.join(root, 'null-link')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(fifo.signal).toBeNull();
    expect(fifo.code, fifo.stderr).toBe(2);
    expect(fifo.stderr).toMatch(/not a regular file/);
    expect(lstatSync(path.join(root, 'fifo')).isFIFO()).toBe(true);
  });

  it.each([
    ['feed', ['feed', '--out']],
    ['letter', ['letter', '--from', '2026-11-30', '--out']],
    ['calendar', ['calendar', '--out']],
  ])('%s --out under a file: one line, exit 2, as every --out', async (_name, args) => {
    const root = ws('media/photo.jpg');
    cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
    writeFileSync(path.join(root, 'plain'), 'x');
    const r = await runCli([...args, 'plain/sub'], { cwd: root, env: { LM_POST_LANG: 'en' } });
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Cannot write "plain\/sub.*" \(ENOTDIR\)/);
  });
});
