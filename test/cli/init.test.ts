// lm-post init: another collective's repository in one command, where check passes at once and
// the demo runs; its charter names nobody of Locaux Motiv'.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHARTER, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('lm-post init', () => {
  it('writes a repository where check passes at once and demo publishes to the sandbox', async () => {
    const init = await runCli(['init', 'collectif', '--ci', 'github', '--org', 'La Fabrique du Coin'], { cwd: tmp });
    expect(init.code, init.stderr).toBe(0);
    const dir = path.join(tmp, 'collectif');
    for (const f of ['charter/charter.yaml', 'charter/post.schema.json', 'charter/charter.schema.json', 'queue/exemple-veille.yaml', 'queue/exemple-vie-du-lieu.yaml', '.gitignore', 'README.md', '.github/workflows/lm-post-publish.yml']) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.env', '.lm-post/']));
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/^# Publications de La Fabrique du Coin/);
    const charterText = readFileSync(path.join(dir, 'charter/charter.yaml'), 'utf8');
    expect(charterText).toContain('organisation: "La Fabrique du Coin"');
    // Its own names: no person of Locaux Motiv's charter.
    const ours = (parse(readFileSync(CHARTER, 'utf8')) as { people: { id: string; name: string }[] }).people;
    const theirs = (parse(charterText) as { people: { id: string; name: string }[] }).people;
    expect(theirs.length).toBeGreaterThanOrEqual(2);
    for (const p of theirs) expect(ours.map((o) => o.id)).not.toContain(p.id);
    expect(charterText).not.toMatch(/Locaux Motiv/);

    const check = await runCli(['check'], { cwd: dir });
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('2 billets vérifiés, aucun problème');
    const demo = await runCli(['demo'], { cwd: dir, timeoutMs: 60_000 });
    expect(demo.code, demo.stdout + demo.stderr).toBe(0);
    expect(demo.stdout.match(/^✓ /gm)?.length).toBe(3);
  }, 90_000);

  it('replaces nothing: a folder that is not empty is refused, and nothing is written', async () => {
    const dir = path.join(tmp, 'occupied');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'à garder\n');
    const r = await runCli(['init', dir], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('n’est pas un dossier vide');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readdirSync(tmp).filter((n) => n.includes('lm-post-init'))).toEqual([]);
  });

  it('--json lists what it wrote; an empty existing folder is used', async () => {
    const dir = path.join(tmp, 'vide');
    mkdirSync(dir);
    const r = await runCli(['init', dir, '--json'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[]; ci: null; organisation: string };
    expect(out.ci).toBeNull();
    expect(out.organisation).toBe('Vide');
    expect(out.files).toContain('charter/charter.yaml');
    expect(out.files.some((f) => f.startsWith('.github'))).toBe(false);
  });
});
