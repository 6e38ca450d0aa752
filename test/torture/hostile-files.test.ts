// Hostile files behind a forged review (issue 6, defect 1): /dev/zero or a FIFO named as media
// used to make every command that checks an approval read forever. Each command must end within
// 5 s, with the media reported, never waited on.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARTER, crashSigns, runCli, tempWorkspace } from '../helpers/cli.js';

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
