// Issue 6, defect 9 (the smaller ones): modes kept, temporaries of killed writes removed and
// ignored, control characters in file names escaped, precise messages for a FIFO, a symbolic link
// loop and an oversized charter.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CHARTER, crashSigns, REPO, runCli, tempWorkspace } from '../helpers/cli.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const POST = readFileSync(path.join(REPO, 'queue/2026-12-08-quartier-marche-de-noel-solidaire.yaml'), 'utf8').replace(/^publish_at:.*\n/m, '');

function ws(files: Record<string, string> = {}): { root: string; queue: string } {
  const w = tempWorkspace(files);
  roots.push(w.root);
  mkdirSync(path.join(w.root, 'charter'));
  copyFileSync(CHARTER, path.join(w.root, 'charter/charter.yaml'));
  return w;
}
const en = { LM_POST_LANG: 'en' };

it('approve keeps a 0600 post 0600, and removes the temporaries of writes killed halfway', async () => {
  const { root, queue } = ws({ 'queue/marche.yaml': POST });
  chmodSync(path.join(queue, 'marche.yaml'), 0o600);
  // A write killed halfway by a process that no longer exists.
  const dead = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString();
  writeFileSync(path.join(queue, `.marche.yaml.${dead}.tmp`), 'type: quart');
  const check = await runCli(['check'], { cwd: root, env: en });
  expect(check.stdout + check.stderr).not.toMatch(/\.tmp/);
  const r = await runCli(['approve', 'marche', '--as', 'sacha'], { cwd: root, env: en });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(statSync(path.join(queue, 'marche.yaml')).mode & 0o777).toBe(0o600);
  expect(readdirSync(queue).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});

it('file names with control characters are printed escaped', async () => {
  const { root } = ws({ 'queue/evil\u001b[2J\nFAKE.yaml': 'type: quartier\n' });
  const r = await runCli(['check'], { cwd: root, env: en });
  expect(crashSigns(r)).toEqual([]);
  const all = r.stdout + r.stderr;
  expect(all).not.toContain('\u001b');
  expect(all).not.toMatch(/\nFAKE/);
  expect(all).toContain('evil%1B[2J%0AFAKE.yaml');
});

it('a FIFO and a symbolic link loop named as posts, and an oversized charter, are told as such', async () => {
  const { root, queue } = ws();
  execFileSync('mkfifo', [path.join(queue, 'pipe.yaml')]);
  symlinkSync('loop.yaml', path.join(queue, 'loop.yaml'));
  const fifo = await runCli(['check', 'queue/pipe.yaml'], { cwd: root, env: en, timeoutMs: 10_000 });
  expect(fifo.signal).toBeNull();
  expect(fifo.stderr).toMatch(/Cannot read post queue\/pipe\.yaml \(FIFO\)/);
  expect(fifo.stderr).not.toMatch(/EISDIR/);
  const loop = await runCli(['check', 'queue/loop.yaml'], { cwd: root, env: en });
  expect(loop.stderr).toMatch(/ELOOP, symbolic link loop/);
  expect(loop.stderr).not.toMatch(/not found/);
  writeFileSync(path.join(root, 'charter/charter.yaml'), `# ${'x'.repeat(600 * 1024)}\n`);
  const big = await runCli(['check'], { cwd: root, env: en });
  expect(big.code).toBe(2);
  expect(big.stderr).toMatch(/a charter is at most/);
  expect(big.stderr).not.toMatch(/a post is a few kilobytes/);
});
