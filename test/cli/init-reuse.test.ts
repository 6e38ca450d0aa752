// lm-post init for another collective (SPEC §18): its name through the YAML library (any
// character gives a loadable charter), CI references that exist (--action, else the package's
// repository at its version, said plainly), and a folder that holds only `.git`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-init-reuse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

describe('lm-post init for another collective', () => {
  it('a name with a backslash, quotes and a line break gives a charter that loads, with that very name', async () => {
    const name = 'L\'Atelier \\ "du" Coin\nsecond';
    const r = await runCli(['init', 'atelier', '--org', name], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(tmp, 'atelier');
    const text = readFileSync(path.join(dir, 'charter', 'charter.yaml'), 'utf8');
    expect((parse(text) as { organisation: string }).organisation).toBe(name);
    // Comments and the README heading get it on one line.
    expect(text.split('\n')[2]).toBe('# Charte de publication de L\'Atelier \\ "du" Coin second — forme exécutable');
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8').split('\n')[0]).toBe('# Publications de L\'Atelier \\ "du" Coin second');
    const check = await runCli(['check'], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('accepts a folder that holds only .git (a fresh git init or an empty clone)', async () => {
    const dir = path.join(tmp, 'clone');
    mkdirSync(dir);
    execFileSync('git', ['init', '-q', dir]);
    const r = await runCli(['init', dir, '--org', 'Le Clone'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'charter', 'charter.yaml'), 'utf8')).toContain('organisation: "Le Clone"');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toContain('charter/');
  });

  it('GitHub CI: the package repository at its version by default, and says which release must exist', async () => {
    const r = await runCli(['init', 'gh', '--ci', 'github'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const wf = readFileSync(path.join(tmp, 'gh', '.github', 'workflows', 'lm-post-publish.yml'), 'utf8');
    expect(wf).toContain(`uses: locaux-motiv/lm-post@v${version}`);
    expect(wf).toContain('environment: lm-post-publish');
    expect(wf).toMatch(/- if: always\(\)\n\s+uses: actions\/cache\/save@/);
    expect(r.stdout).toContain(`la référence « v${version} » doit exister sur https://github.com/locaux-motiv/lm-post`);
    expect(r.stdout).toContain('--action PROPRIÉTAIRE/DÉPÔT@RÉF');
  });

  it('--action OWNER/REPO@REF is written as given, for GitHub and GitLab; anything else is refused before writing', async () => {
    const gh = await runCli(['init', 'own', '--ci', 'github', '--action', 'fabrique-coin/lm-post@v2.0.1'], { cwd: tmp });
    expect(gh.code, gh.stderr).toBe(0);
    for (const f of ['lm-post-check.yml', 'lm-post-publish.yml']) {
      const text = readFileSync(path.join(tmp, 'own', '.github', 'workflows', f), 'utf8');
      expect(text).toContain('uses: fabrique-coin/lm-post@v2.0.1');
      expect(text).not.toContain('uses: ./');
    }
    expect(gh.stdout).toContain('la référence « v2.0.1 » doit exister sur https://github.com/fabrique-coin/lm-post.');
    const gl = await runCli(['init', 'own-gl', '--ci', 'gitlab', '--action', 'fabrique-coin/lm-post@v2.0.1'], { cwd: tmp });
    expect(gl.code, gl.stderr).toBe(0);
    const ci = parse(readFileSync(path.join(tmp, 'own-gl', '.gitlab-ci.yml'), 'utf8')) as { variables: Record<string, string> };
    expect(ci.variables).toMatchObject({ LM_POST_REPOSITORY: 'https://github.com/fabrique-coin/lm-post.git', LM_POST_REF: 'v2.0.1' });
    const bad = await runCli(['init', 'bad', '--ci', 'github', '--action', 'pas une référence; rm -rf /'], { cwd: tmp });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--action attend PROPRIÉTAIRE/DÉPÔT@RÉF');
    expect(() => readFileSync(path.join(tmp, 'bad', 'charter', 'charter.yaml'))).toThrow();
  });
});
