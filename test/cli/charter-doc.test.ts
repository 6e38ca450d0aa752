// lm-post charter: docs/charte.md is its output (this test fails when it is stale), the
// document covers what SPEC §13 lists, and each type's example post passes check.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-charte-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('lm-post charter', () => {
  it('docs/charte.md is up to date (regenerate: node bin/lm-post charter --out docs/charte.md)', async () => {
    const r = await runCli(['charter'], { cwd: REPO });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(REPO, 'docs/charte.md'), 'utf8')).toBe(r.stdout);
  });

  it('covers networks, types with examples, rules with severity and options, groups, validators, publishing, images, X cost', async () => {
    const md = readFileSync(path.join(REPO, 'docs/charte.md'), 'utf8');
    const charter = parse(readFileSync(path.join(REPO, 'charter/charter.yaml'), 'utf8')) as { types: Record<string, { label: string }>; groups: Record<string, { label: string }> };
    for (const h of ['## Les réseaux et leurs publics', '## Les types de publication', '## Qui écrit quoi', '## Qui valide', '## Comment publier', '## Les images', '## Le coût de X', '## Les règles vérifiées']) expect(md).toContain(h);
    for (const [id, t] of Object.entries(charter.types)) expect(md).toContain(`### ${t.label} (\`${id}\`)`);
    for (const g of Object.values(charter.groups)) expect(md).toContain(`| ${g.label} |`);
    expect(md).toContain('`alt-text` — ');
    expect(md).toMatch(/`alt-text` — .*\*\*erreur\*\*.*au moins 15 caractères/);
    expect(md).toMatch(/`french-typography` — .*\*\*désactivée\*\*/);
    expect(md).toMatch(/`inclusive-writing` — .*« les adhérents » → « les adhérent·es »/);
    expect(md).toContain('0,20 USD avec un lien');
    expect(md).toContain('Dominique et Sacha');
    expect(md.match(/^```yaml$/gm)?.length).toBe(Object.keys(charter.types).length);
  });

  it('each example post of the document passes lm-post check', async () => {
    const md = readFileSync(path.join(REPO, 'docs/charte.md'), 'utf8');
    const examples = [...md.matchAll(/^```yaml\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
    mkdirSync(path.join(tmp, 'queue'), { recursive: true });
    mkdirSync(path.join(tmp, 'charter'), { recursive: true });
    writeFileSync(path.join(tmp, 'charter/charter.yaml'), readFileSync(path.join(REPO, 'charter/charter.yaml')));
    examples.forEach((e, i) => writeFileSync(path.join(tmp, 'queue', `exemple-${i}.yaml`), e + '\n'));
    const r = await runCli(['check', '--format', 'json'], { cwd: tmp, env: { LM_POST_NOW: undefined } });
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; severity: number; message: string }[] }[];
    const errors = results.flatMap((x) => x.messages.filter((m) => m.severity === 2).map((m) => `${path.basename(x.filePath)} ${m.ruleId} ${m.message}`));
    expect(errors).toEqual([]);
  });

  it('--format html --out writes one self-contained page; --json reports where', async () => {
    const out = path.join(tmp, 'charte.html');
    const r = await runCli(['charter', '--format', 'html', '--out', out, '--json'], { cwd: REPO });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'html', file: out });
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html.match(/<h1>/g)?.length).toBe(1);
  });
});
