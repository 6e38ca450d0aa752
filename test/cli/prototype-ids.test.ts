// Issue 6, defect 8: ids that are Object.prototype member names (constructor, toString, __proto__)
// are unknown ids like any other — errors with positions — never a crash nor a silent pass.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CHARTER, crashSigns, problemLines, runCli, tempWorkspace } from '../helpers/cli.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

it('type, author, mentions and a charter group named after Object.prototype members', async () => {
  const { root } = tempWorkspace({
    'queue/a.yaml': 'type: constructor\nauthor: yanis\nnetworks: [twitter]\ntext: Bonjour à toutes et à tous, rendez-vous samedi au marché.\n',
    'queue/b.yaml': 'type: quartier\nauthor: constructor\ntext: Bonjour à toutes et à tous, rendez-vous samedi au marché {@constructor} {@__proto__}.\n',
  });
  roots.push(root);
  mkdirSync(path.join(root, 'charter'));
  // A charter group named `constructor` (valid: ids are free).
  const charter = readFileSync(CHARTER, 'utf8').replace(/^groups:\n/m, 'groups:\n  constructor:\n    label: Constructeurs\n    types: "*"\n');
  writeFileSync(path.join(root, 'charter/charter.yaml'), charter);
  const r = await runCli(['check'], { cwd: root, env: { LM_POST_LANG: 'en' } });
  expect(crashSigns(r), r.stdout + r.stderr).toEqual([]);
  expect(r.code).toBe(1);
  const lines = problemLines(r.stdout).map((l) => `${l.file}:${l.line}:${l.column} ${l.ruleId}`);
  expect(lines).toEqual(
    expect.arrayContaining(['queue/a.yaml:1:7 type-known', 'queue/b.yaml:2:9 author-allowed', 'queue/b.yaml:3:64 mentions-known', 'queue/b.yaml:3:79 mentions-known']),
  );
  // Never approvable.
  const a = await runCli(['approve', 'a', '--as', 'sacha'], { cwd: root, env: { LM_POST_LANG: 'en' } });
  expect(crashSigns(a)).toEqual([]);
  expect(a.code).not.toBe(0);
});
